package io.ethfollow.rlpx;

import io.ethfollow.wire.NodeKey;
import io.ethfollow.wire.p2p.Capability;
import io.ethfollow.wire.p2p.P2pCodec;
import io.ethfollow.wire.p2p.P2pMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * A scripted RLPx peer over a blocking socket, for fault injection: it runs the real initiator
 * handshake, then sends whatever frames a test wants (tampered, oversized, lying). Test thread only.
 */
final class FakePeer implements AutoCloseable {
  final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private FrameEncoder encoder;
  private FrameDecoder decoder;
  private final ByteBuf received = Unpooled.buffer();

  private FakePeer(InetSocketAddress address) throws IOException {
    socket = new Socket(address.getAddress(), address.getPort());
    socket.setSoTimeout(5000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Connects without a handshake (garbage and silence tests). */
  static FakePeer raw(InetSocketAddress address) throws IOException {
    return new FakePeer(address);
  }

  /** Connects and completes the ECIES handshake as {@code key}. */
  static FakePeer handshaken(InetSocketAddress address, NodeKey key, byte[] serverId) throws IOException {
    FakePeer p = new FakePeer(address);
    InitiatorHandshake h = new InitiatorHandshake(key, serverId);
    p.writeRaw(h.auth());
    int size = p.in.readUnsignedShort();
    byte[] ack = new byte[2 + size];
    ack[0] = (byte) (size >>> 8);
    ack[1] = (byte) size;
    p.in.readFully(ack, 2, size);
    SessionSecrets s = h.onAck(ack).secrets();
    p.encoder = new FrameEncoder(s, FrameDecoder.MAX_FRAME_SIZE);
    p.decoder = new FrameDecoder(s, FrameDecoder.MAX_FRAME_SIZE);
    return p;
  }

  void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The frame bytes for a message (payload as it goes on the wire). */
  byte[] frame(int code, byte[] payload) {
    ByteBuf b = Unpooled.buffer();
    encoder.encode(new RlpxMessage(code, payload), b);
    byte[] bytes = new byte[b.readableBytes()];
    b.readBytes(bytes);
    return bytes;
  }

  /**
   * The 32-byte header (size, header MAC) of a frame of {@code frameSize} bytes, without its body:
   * the whole frame is encoded so the egress MAC state stays right, and only the header is returned.
   */
  byte[] frameHeaderOnly(int frameSize) {
    return java.util.Arrays.copyOf(frame(0x10, new byte[frameSize - 1]), 32);
  }

  /** The frame bytes of our Hello (uncompressed, as a Hello always is). */
  byte[] helloFrame(byte[] nodeId, List<Capability> caps) {
    return frame(0, P2pCodec.encode(new P2pMessage.Hello(5, "fake", caps, 0, nodeId)));
  }

  void send(int code, byte[] payload) throws IOException {
    writeRaw(frame(code, payload));
  }

  void sendHello(byte[] nodeId, List<Capability> caps) throws IOException {
    send(0, P2pCodec.encode(new P2pMessage.Hello(5, "fake", caps, 0, nodeId)));
  }

  /** Sends a p2p message compressed (after Hello, both sides at p2p v5). */
  void sendP2p(P2pMessage m) throws IOException {
    send(m.id().code(), SnappyCodec.compress(P2pCodec.encode(m)));
  }

  /** Blocks (up to the socket timeout) for the next frame. */
  RlpxMessage read() throws IOException {
    while (true) {
      RlpxMessage m = decoder.decode(received);
      if (m != null) {
        return m;
      }
      byte[] chunk = new byte[8192];
      int n = in.read(chunk);
      if (n < 0) {
        throw new IOException("closed by the other side");
      }
      received.writeBytes(chunk, 0, n);
    }
  }

  /** Reads until the next p2p message other than the Hello (decompressed). */
  P2pMessage readP2p() throws IOException {
    return readP2p(true);
  }

  /** Reads until the next p2p message other than the Hello; before the Hello exchange nothing is compressed. */
  P2pMessage readP2p(boolean compressed) throws IOException {
    while (true) {
      RlpxMessage m = read();
      if (m.code() != 0 && m.code() < 0x10) {
        return P2pCodec.decode(m.code(), compressed ? SnappyCodec.decompress(m.payload()) : m.payload());
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
