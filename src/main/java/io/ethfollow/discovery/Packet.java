package io.ethfollow.discovery;

import java.util.List;
import java.util.OptionalLong;

/**
 * The discv4 packets (discv4.md, EIP-868) as immutable records. {@code expiration} is a unix time in
 * seconds after which the receiver must drop the packet. Encoded and decoded by {@link PacketCodec}.
 */
public sealed interface Packet
    permits Packet.Ping, Packet.Pong, Packet.FindNode, Packet.Neighbors, Packet.EnrRequest,
        Packet.EnrResponse {

  PacketType type();

  /** The packet's expiration in unix seconds; ENRResponse carries none and reports Long.MAX_VALUE. */
  long expiration();

  /** {@code [version, from, to, expiration, enr-seq?]}. */
  record Ping(long version, Endpoint from, Endpoint to, long expiration, OptionalLong enrSeq)
      implements Packet {
    /** The discv4 protocol version we send. */
    public static final long VERSION = 4;

    @Override
    public PacketType type() {
      return PacketType.PING;
    }
  }

  /** {@code [to, ping-hash, expiration, enr-seq?]}. */
  record Pong(Endpoint to, byte[] pingHash, long expiration, OptionalLong enrSeq) implements Packet {
    @Override
    public PacketType type() {
      return PacketType.PONG;
    }
  }

  /** {@code [target, expiration]}: asks for the nodes closest to {@code target} (a 64-byte id). */
  record FindNode(byte[] target, long expiration) implements Packet {
    @Override
    public PacketType type() {
      return PacketType.FIND_NODE;
    }
  }

  /** {@code [[node, ...], expiration]}: an answer to FindNode, possibly one of several packets. */
  record Neighbors(List<Neighbor> nodes, long expiration) implements Packet {
    /**
     * Nodes per packet: 12 IPv6 entries (about 90 bytes each) plus header and expiration stay below
     * the 1280-byte limit, so an answer of k = 16 nodes goes out as two packets (12 + 4).
     */
    public static final int MAX_PER_PACKET = 12;

    public Neighbors {
      nodes = List.copyOf(nodes);
    }

    @Override
    public PacketType type() {
      return PacketType.NEIGHBORS;
    }
  }

  /** {@code [expiration]}: asks for the recipient's node record (EIP-868). */
  record EnrRequest(long expiration) implements Packet {
    @Override
    public PacketType type() {
      return PacketType.ENR_REQUEST;
    }
  }

  /** {@code [request-hash, ENR]}: the answer to an ENRRequest with the hash of that request. */
  record EnrResponse(byte[] requestHash, Enr record) implements Packet {
    @Override
    public PacketType type() {
      return PacketType.ENR_RESPONSE;
    }

    @Override
    public long expiration() {
      return Long.MAX_VALUE;
    }
  }
}
