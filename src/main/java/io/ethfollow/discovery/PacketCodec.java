package io.ethfollow.discovery;

import io.ethfollow.chain.Keccak;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.wire.NodeKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Encodes and decodes discv4 datagrams: {@code hash(32) || signature(65) || type(1) || rlp(data)},
 * hash = keccak256(signature || type || data), signature over keccak256(type || data). Decoding
 * follows EIP-8: extra list elements and bytes after the RLP item are ignored. Decoding never throws;
 * every failure becomes a {@link DecodeResult.Rejected}. Stateless and thread-safe: Netty's event
 * loop decodes, the discovery scheduler thread encodes.
 */
public final class PacketCodec {
  /** discv4.md: "The maximum size of any packet is 1280 bytes" (the IPv6 minimum MTU). */
  public static final int MAX_PACKET_SIZE = 1280;

  private static final int HASH_SIZE = 32;
  private static final int HEADER_SIZE = HASH_SIZE + NodeKey.SIGNATURE_SIZE + 1;

  /** Expirations are uint64 seconds; we hold them in a long and clamp larger values. */
  private static final int UINT64_BYTES = 8;

  private PacketCodec() {}

  /** An encoded datagram and its packet hash (needed to match the reply). */
  public record Encoded(byte[] datagram, byte[] hash) {}

  /** Signs and frames a packet with our node key. */
  public static Encoded encode(Packet packet, NodeKey key) {
    RlpWriter w = new RlpWriter(256);
    writeData(packet, w);
    byte[] data = w.toByteArray();
    byte[] typed = new byte[1 + data.length];
    typed[0] = (byte) packet.type().code();
    System.arraycopy(data, 0, typed, 1, data.length);
    byte[] signature = key.sign(Keccak.hash(typed));
    byte[] out = new byte[HASH_SIZE + signature.length + typed.length];
    System.arraycopy(signature, 0, out, HASH_SIZE, signature.length);
    System.arraycopy(typed, 0, out, HASH_SIZE + signature.length, typed.length);
    byte[] hash = Keccak.hash(out, HASH_SIZE, out.length - HASH_SIZE);
    System.arraycopy(hash, 0, out, 0, HASH_SIZE);
    return new Encoded(out, hash);
  }

  private static void writeData(Packet packet, RlpWriter w) {
    w.startList();
    if (packet instanceof Packet.Ping p) {
      w.writeLong(p.version());
      p.from().writeTo(w);
      p.to().writeTo(w);
      writeUint64(w, p.expiration());
      p.enrSeq().ifPresent(s -> writeUint64(w, s));
    } else if (packet instanceof Packet.Pong p) {
      p.to().writeTo(w);
      w.writeBytes(p.pingHash());
      writeUint64(w, p.expiration());
      p.enrSeq().ifPresent(s -> writeUint64(w, s));
    } else if (packet instanceof Packet.FindNode f) {
      w.writeBytes(f.target());
      writeUint64(w, f.expiration());
    } else if (packet instanceof Packet.Neighbors n) {
      w.startList();
      for (Neighbor node : n.nodes()) {
        node.writeTo(w);
      }
      w.endList();
      writeUint64(w, n.expiration());
    } else if (packet instanceof Packet.EnrRequest r) {
      writeUint64(w, r.expiration());
    } else if (packet instanceof Packet.EnrResponse r) {
      w.writeBytes(r.requestHash());
      w.writeRaw(r.record().encoded());
    }
    w.endList();
  }

  private static void writeUint64(RlpWriter w, long v) {
    w.writeBigInteger(new BigInteger(Long.toUnsignedString(v)));
  }

  /**
   * Verifies and decodes one datagram.
   *
   * @param nowSeconds current unix time on the injected clock; expired packets are rejected
   */
  public static DecodeResult decode(byte[] datagram, long nowSeconds) {
    if (datagram.length > MAX_PACKET_SIZE) {
      return reject(Rejection.TOO_LARGE, datagram.length + " bytes");
    }
    if (datagram.length < HEADER_SIZE + 1) {
      return reject(Rejection.TOO_SMALL, datagram.length + " bytes");
    }
    byte[] hash = Arrays.copyOf(datagram, HASH_SIZE);
    if (!Arrays.equals(hash, Keccak.hash(datagram, HASH_SIZE, datagram.length - HASH_SIZE))) {
      return reject(Rejection.BAD_HASH, "hash mismatch");
    }
    byte[] signature = Arrays.copyOfRange(datagram, HASH_SIZE, HASH_SIZE + NodeKey.SIGNATURE_SIZE);
    int typeOffset = HEADER_SIZE - 1;
    NodeId sender;
    try {
      byte[] sigHash = Keccak.hash(datagram, typeOffset, datagram.length - typeOffset);
      sender = new NodeId(NodeKey.recover(sigHash, signature));
    } catch (RuntimeException e) {
      return reject(Rejection.BAD_SIGNATURE, String.valueOf(e.getMessage()));
    }
    PacketType type = PacketType.of(datagram[typeOffset] & 0xff);
    if (type == null) {
      return reject(Rejection.UNKNOWN_TYPE, "type " + (datagram[typeOffset] & 0xff));
    }
    Packet packet;
    try {
      RlpReader outer = new RlpReader(datagram, HEADER_SIZE, datagram.length - HEADER_SIZE);
      packet = readData(type, outer.readList());
    } catch (RuntimeException e) { // RlpException, or IllegalArgumentException from a value type
      return reject(Rejection.MALFORMED, type + ": " + e.getMessage());
    }
    if (Long.compareUnsigned(packet.expiration(), nowSeconds) < 0) {
      return reject(Rejection.EXPIRED, type + " expired at " + packet.expiration() + ", now " + nowSeconds);
    }
    return new DecodeResult.Accepted(packet, sender, hash);
  }

  private static DecodeResult reject(Rejection reason, String detail) {
    return new DecodeResult.Rejected(reason, detail);
  }

  private static Packet readData(PacketType type, RlpReader r) {
    switch (type) {
      case PING:
        return new Packet.Ping(
            readUint64(r), Endpoint.readFrom(r), Endpoint.readFrom(r), readUint64(r), optionalSeq(r));
      case PONG:
        return new Packet.Pong(Endpoint.readFrom(r), r.readFixed(HASH_SIZE), readUint64(r), optionalSeq(r));
      case FIND_NODE:
        return new Packet.FindNode(r.readFixed(NodeKey.ID_SIZE), readUint64(r));
      case NEIGHBORS:
        {
          RlpReader list = r.readList();
          List<Neighbor> nodes = new ArrayList<>();
          while (list.hasNext()) {
            nodes.add(Neighbor.readFrom(list));
          }
          return new Packet.Neighbors(nodes, readUint64(r));
        }
      case ENR_REQUEST:
        return new Packet.EnrRequest(readUint64(r));
      case ENR_RESPONSE:
        return new Packet.EnrResponse(r.readFixed(HASH_SIZE), Enr.decode(r.readRaw()));
      default:
        throw new RlpException("unhandled type " + type);
    }
  }

  /** A uint64, clamped to Long.MAX_VALUE (a year far beyond any clock) when larger. */
  private static long readUint64(RlpReader r) {
    BigInteger v = r.readBigInteger(UINT64_BYTES);
    return v.bitLength() > 63 ? Long.MAX_VALUE : v.longValue();
  }

  /**
   * The EIP-868 enr-seq when the next element is one; anything else in that position (EIP-8 allows
   * later versions to put other data there) reads as absent.
   */
  private static OptionalLong optionalSeq(RlpReader r) {
    if (!r.hasNext() || r.nextIsList()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(readUint64(r));
    } catch (RlpException e) {
      return OptionalLong.empty();
    }
  }
}
