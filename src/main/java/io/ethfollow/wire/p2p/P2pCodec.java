package io.ethfollow.wire.p2p;

import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.wire.DisconnectReason;
import io.ethfollow.wire.MessageDecodeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes base-protocol message payloads (the RLP after the message id; framing and
 * compression are the RLPx layer's). Decoding is strict RLP with the two leniencies the spec asks
 * for: a Hello may carry extra trailing elements (EIP-8) and a Disconnect may be a bare reason
 * instead of {@code [reason]}. Every failure is a {@link MessageDecodeException}. Stateless;
 * thread-safe.
 */
public final class P2pCodec {
  /**
   * Largest base-protocol payload we decode. Hello, the largest of the four, is about 200 bytes with
   * a handful of capabilities; go-ethereum caps base-protocol messages at the same 2 KiB, so a
   * bigger one is garbage or an attack.
   */
  public static final int MAX_PAYLOAD_SIZE = 2 * 1024;

  /**
   * Most capabilities we read from one Hello. Real clients announce under ten (eth, snap, wit...);
   * the 2 KiB payload cap already bounds the count, this keeps the negotiation loop trivially small.
   */
  public static final int MAX_CAPABILITIES = 64;

  private static final String PROTOCOL = "p2p";
  private static final byte[] EMPTY_LIST = {(byte) 0xc0};

  private P2pCodec() {}

  /** The RLP payload of a message (without its id). */
  public static byte[] encode(P2pMessage message) {
    if (message instanceof P2pMessage.Hello h) {
      RlpWriter w = new RlpWriter(128 + h.clientId().length());
      w.startList();
      w.writeLong(h.p2pVersion());
      w.writeBytes(h.clientId().getBytes(StandardCharsets.UTF_8));
      w.startList();
      for (Capability c : h.capabilities()) {
        w.startList().writeBytes(c.nameBytes()).writeLong(c.version()).endList();
      }
      w.endList();
      w.writeLong(h.listenPort());
      w.writeBytes(h.nodeId());
      w.endList();
      return w.toByteArray();
    }
    if (message instanceof P2pMessage.Disconnect d) {
      return new RlpWriter(4).startList().writeLong(d.reason().code()).endList().toByteArray();
    }
    return EMPTY_LIST.clone();
  }

  /**
   * Decodes the payload of the message with this id.
   *
   * @throws MessageDecodeException for an unknown id, an oversized payload or any malformed content
   */
  public static P2pMessage decode(int code, byte[] payload) {
    P2pMessageId id =
        P2pMessageId.fromCode(code)
            .orElseThrow(() -> new MessageDecodeException(PROTOCOL, code, "unknown message id"));
    if (payload.length > MAX_PAYLOAD_SIZE) {
      throw new MessageDecodeException(
          PROTOCOL, code, "payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD_SIZE);
    }
    try {
      switch (id) {
        case HELLO:
          return decodeHello(payload);
        case DISCONNECT:
          return new P2pMessage.Disconnect(decodeDisconnectReason(payload));
        case PING:
          checkList(payload);
          return new P2pMessage.Ping();
        case PONG:
          checkList(payload);
          return new P2pMessage.Pong();
        default:
          throw new IllegalStateException("unhandled id " + id);
      }
    } catch (RlpException | IllegalArgumentException e) {
      throw new MessageDecodeException(PROTOCOL, code, e.getMessage(), e);
    }
  }

  private static P2pMessage.Hello decodeHello(byte[] payload) {
    RlpReader outer = new RlpReader(payload);
    RlpReader r = outer.readList();
    outer.ensureDone();
    long version = r.readLong();
    String clientId = new String(r.readBytes(), StandardCharsets.UTF_8);
    RlpReader capsReader = r.readList();
    List<Capability> caps = new ArrayList<>();
    while (capsReader.hasNext()) {
      if (caps.size() == MAX_CAPABILITIES) {
        throw new IllegalArgumentException("more than " + MAX_CAPABILITIES + " capabilities");
      }
      RlpReader cap = capsReader.readList();
      String name = new String(cap.readBytes(), StandardCharsets.US_ASCII);
      long capVersion = cap.readLong();
      skipRest(cap); // EIP-8: tolerate extra elements we do not understand
      caps.add(new Capability(name, capVersion));
    }
    long port = r.readLong();
    byte[] nodeId = r.readFixed(P2pMessage.Hello.NODE_ID_SIZE);
    skipRest(r); // EIP-8: newer versions may append fields
    return new P2pMessage.Hello(version, clientId, caps, port, nodeId);
  }

  /**
   * rlpx.md specifies {@code [reason]}, but some clients send the reason alone; accept both. A
   * single zero byte (non-canonical for integer 0) is accepted in either form because the peer is
   * leaving anyway and the reason is only logged.
   */
  private static DisconnectReason decodeDisconnectReason(byte[] payload) {
    RlpReader outer = new RlpReader(payload);
    long code;
    if (outer.nextIsList()) {
      RlpReader list = outer.readList();
      outer.ensureDone();
      code = readReasonCode(list);
      list.ensureDone();
    } else {
      code = readReasonCode(outer);
      outer.ensureDone();
    }
    long c = code;
    return DisconnectReason.fromCode(c)
        .orElseThrow(() -> new IllegalArgumentException("unknown disconnect reason " + c));
  }

  private static long readReasonCode(RlpReader r) {
    if (!r.hasNext()) {
      throw new IllegalArgumentException("disconnect without a reason");
    }
    byte[] raw = r.readRaw();
    if (raw.length == 1 && raw[0] == 0) {
      return 0;
    }
    return new RlpReader(raw).readLong();
  }

  private static void checkList(byte[] payload) {
    RlpReader outer = new RlpReader(payload);
    RlpReader list = outer.readList();
    outer.ensureDone();
    skipRest(list);
  }

  private static void skipRest(RlpReader r) {
    while (r.hasNext()) {
      r.skip();
    }
  }
}
