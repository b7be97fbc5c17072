package io.ethfollow.rlpx;

import io.ethfollow.wire.NodeKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The first handler of every connection: runs the ECIES handshake over size-prefixed packets (EIP-8:
 * 2-byte big-endian size, then that many bytes), then installs {@link FrameDecoder} after itself and
 * {@link FrameEncoder} before the session handler, announces {@link HandshakeCompleted} and removes
 * itself; bytes that arrived after the auth/ack are forwarded to the frame decoder by {@code
 * ByteToMessageDecoder}'s removal. Runs on the channel's event loop; one instance per connection.
 */
final class HandshakeHandler extends ByteToMessageDecoder {
  /** Size prefix of an EIP-8 auth/ack packet. */
  private static final int PREFIX = 2;

  /** Smallest valid packet body: ECIES overhead plus a minimal RLP body. */
  private static final int MIN_BODY = Ecies.OVERHEAD + 32;

  /**
   * Largest auth/ack body we wait for. The 2-byte prefix allows 64 KiB, but an EIP-8 auth is about
   * 300 bytes of content (signature, key, nonce, version) plus ECIES overhead (113) and the 100-300
   * bytes of random padding clients add: under 800 bytes, an ack less. 2 KiB leaves room for the
   * extra list elements EIP-8 lets future versions append, and caps what a connection that has not
   * authenticated can make us buffer for its first packet.
   */
  static final int MAX_BODY = 2 * 1024;

  private final InitiatorHandshake initiator;
  private final ResponderHandshake responder;
  private final int maxFrameSize;
  private boolean done;

  private HandshakeHandler(InitiatorHandshake initiator, ResponderHandshake responder, int maxFrameSize) {
    this.initiator = initiator;
    this.responder = responder;
    this.maxFrameSize = maxFrameSize;
  }

  static HandshakeHandler initiator(NodeKey key, byte[] remoteNodeId, int maxFrameSize) {
    return new HandshakeHandler(new InitiatorHandshake(key, remoteNodeId), null, maxFrameSize);
  }

  static HandshakeHandler responder(NodeKey key, int maxFrameSize) {
    return new HandshakeHandler(null, new ResponderHandshake(key), maxFrameSize);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (initiator != null) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(initiator.auth()));
    }
    super.channelActive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (done || in.readableBytes() < PREFIX) {
      return;
    }
    int size = in.getUnsignedShort(in.readerIndex());
    if (size < MIN_BODY) {
      throw new HandshakeException("handshake packet of " + size + " bytes is too small (legacy or garbage)");
    }
    if (size > MAX_BODY) {
      throw new HandshakeException("handshake packet of " + size + " bytes exceeds " + MAX_BODY);
    }
    if (in.readableBytes() < PREFIX + size) {
      return;
    }
    byte[] packet = new byte[PREFIX + size];
    in.readBytes(packet);
    HandshakeResult result;
    if (initiator != null) {
      result = initiator.onAck(packet);
    } else {
      ResponderHandshake.Response r = responder.respond(packet);
      ctx.writeAndFlush(Unpooled.wrappedBuffer(r.ack()));
      result = r.result();
    }
    done = true;
    FrameDecoder decoder = FrameDecoder.beforeHello(result.secrets(), maxFrameSize);
    ctx.pipeline().addAfter(ctx.name(), "frameDecoder", decoder);
    ctx.pipeline().addAfter("frameDecoder", "frameEncoder", new FrameEncoder(result.secrets(), maxFrameSize));
    ctx.fireUserEventTriggered(new HandshakeCompleted(result.remoteNodeId()));
    ctx.pipeline().remove(this);
  }
}
