package io.ethfollow.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.rlp.Hex;
import io.ethfollow.wire.NodeKey;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PacketCodecTest {
  /** The vectors expire at 1136239445 (2006-01-02); decode them as of a moment before that. */
  private static final long BEFORE_VECTOR_EXPIRY = 1_136_239_000L;

  private static final long NOW = 1_700_000_000L;

  static Stream<JsonNode> vectors() {
    List<JsonNode> out = new ArrayList<>();
    TestVectors.json("/testdata/discv4/eip8-packets.json").get("packets").forEach(out::add);
    return out.stream();
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("vectors")
  void shouldAcceptEveryEip8VectorAndRecoverItsSigner(JsonNode v) {
    JsonNode exp = v.get("expected");
    DecodeResult r = PacketCodec.decode(Hex.decode(v.get("packet").asText()), BEFORE_VECTOR_EXPIRY);
    assertThat(r).isInstanceOf(DecodeResult.Accepted.class);
    DecodeResult.Accepted a = (DecodeResult.Accepted) r;
    assertThat(Hex.encode(a.hash())).isEqualTo(exp.get("hash").asText());
    assertThat(a.packet().type().code()).isEqualTo(exp.get("packet_type").asInt());
    assertThat(Hex.encode(a.sender().bytes())).isEqualTo(exp.get("sender_node_id_pubkey").asText());
    assertThat(a.packet().expiration()).isEqualTo(exp.get("expiration").asLong());
    Packet p = a.packet();
    if (p instanceof Packet.Ping ping) {
      assertThat(ping.version()).isEqualTo(exp.get("version").asLong());
      assertEndpoint(ping.from(), exp.get("from"));
      assertEndpoint(ping.to(), exp.get("to"));
      if (exp.has("enr_seq_eip868")) {
        assertThat(ping.enrSeq()).isEqualTo(OptionalLong.of(exp.get("enr_seq_eip868").asLong()));
      }
    } else if (p instanceof Packet.Pong pong) {
      assertEndpoint(pong.to(), exp.get("to"));
      assertThat(Hex.encode(pong.pingHash())).isEqualTo(exp.get("ping_hash").asText());
      assertThat(pong.enrSeq()).isEmpty();
    } else if (p instanceof Packet.FindNode f) {
      assertThat(Hex.encode(f.target())).isEqualTo(exp.get("target").asText());
    } else if (p instanceof Packet.Neighbors n) {
      assertThat(n.nodes()).hasSize(exp.get("nodes").size());
      for (int i = 0; i < n.nodes().size(); i++) {
        JsonNode e = exp.get("nodes").get(i);
        assertEndpoint(n.nodes().get(i).endpoint(), e);
        assertThat(Hex.encode(n.nodes().get(i).id().bytes())).isEqualTo(e.get("id").asText());
      }
    }
  }

  private static void assertEndpoint(Endpoint ep, JsonNode e) {
    try {
      assertThat(ep.ip()).isEqualTo(InetAddress.getByName(e.get("ip").asText()));
    } catch (java.net.UnknownHostException ex) {
      throw new AssertionError(ex);
    }
    assertThat(ep.udpPort()).isEqualTo(e.get("udp").asInt());
    assertThat(ep.tcpPort()).isEqualTo(e.get("tcp").asInt());
  }

  @Test
  void shouldRejectVectorsAsExpiredOnceTheirExpirationHasPassed() {
    vectors()
        .forEach(
            v -> {
              DecodeResult r = PacketCodec.decode(Hex.decode(v.get("packet").asText()), NOW);
              assertThat(r).isInstanceOf(DecodeResult.Rejected.class);
              assertThat(((DecodeResult.Rejected) r).reason()).isEqualTo(Rejection.EXPIRED);
            });
  }

  static Stream<Packet> samplePackets() throws Exception {
    Endpoint a = new Endpoint(InetAddress.getByName("10.1.2.3"), 30303, 30304);
    Endpoint b = new Endpoint(InetAddress.getByName("2001:db8::1"), 1, 65535);
    NodeKey other = NodeKey.random();
    Enr enr = Enr.create(other, 7, InetAddress.getByName("127.0.0.1"), 30303, 30303, null);
    return Stream.of(
        new Packet.Ping(4, a, b, NOW + 20, OptionalLong.of(3)),
        new Packet.Ping(4, a, b, NOW + 20, OptionalLong.empty()),
        new Packet.Pong(b, new byte[32], NOW + 20, OptionalLong.of(1)),
        new Packet.FindNode(other.nodeId(), NOW + 20),
        new Packet.Neighbors(List.of(new Neighbor(a, new NodeId(other.nodeId())), new Neighbor(b, new NodeId(other.nodeId()))), NOW + 20),
        new Packet.EnrRequest(NOW + 20),
        new Packet.EnrResponse(new byte[32], enr));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplePackets")
  void shouldRoundTripEveryPacketTypeAndRecoverOurNodeId(Packet packet) {
    NodeKey key = NodeKey.random();
    PacketCodec.Encoded enc = PacketCodec.encode(packet, key);
    DecodeResult r = PacketCodec.decode(enc.datagram(), NOW);
    assertThat(r).isInstanceOf(DecodeResult.Accepted.class);
    DecodeResult.Accepted a = (DecodeResult.Accepted) r;
    assertThat(a.sender()).isEqualTo(new NodeId(key.nodeId()));
    assertThat(a.hash()).isEqualTo(enc.hash());
    assertThat(a.packet()).usingRecursiveComparison().isEqualTo(packet);
  }

  @Test
  void shouldRejectAForgedSignatureWithAValidOuterHash() {
    byte[] d = PacketCodec.encode(new Packet.EnrRequest(NOW + 20), NodeKey.random()).datagram();
    d[40] ^= 1; // corrupt the signature, then fix the hash so only the signature is wrong
    System.arraycopy(io.ethfollow.chain.Keccak.hash(d, 32, d.length - 32), 0, d, 0, 32);
    DecodeResult r = PacketCodec.decode(d, NOW);
    // a corrupted signature either recovers no key or a different key; in the second case the
    // packet is attributed to a node we never bonded with, so it is harmless
    if (r instanceof DecodeResult.Accepted a) {
      assertThat(a.sender()).isNotNull();
    } else {
      assertThat(((DecodeResult.Rejected) r).reason()).isEqualTo(Rejection.BAD_SIGNATURE);
    }
  }

  @Test
  void shouldRejectAPacketWhoseDataWasAlteredAfterSigning() {
    NodeKey key = NodeKey.random();
    byte[] d = PacketCodec.encode(new Packet.FindNode(key.nodeId(), NOW + 20), key).datagram();
    d[d.length - 1] ^= 1;
    assertThat(reason(PacketCodec.decode(d, NOW))).isEqualTo(Rejection.BAD_HASH);
    System.arraycopy(io.ethfollow.chain.Keccak.hash(d, 32, d.length - 32), 0, d, 0, 32);
    DecodeResult r = PacketCodec.decode(d, NOW);
    // the signature now covers other bytes: the recovered id can no longer be the signer's
    if (r instanceof DecodeResult.Accepted a) {
      assertThat(a.sender()).isNotEqualTo(new NodeId(key.nodeId()));
    } else {
      assertThat(reason(r)).isIn(Rejection.BAD_SIGNATURE, Rejection.EXPIRED, Rejection.MALFORMED);
    }
  }

  @Test
  void shouldRejectOversizedShortUnknownAndMalformedDatagramsWithoutThrowing() {
    NodeKey key = NodeKey.random();
    assertThat(reason(PacketCodec.decode(new byte[1281], NOW))).isEqualTo(Rejection.TOO_LARGE);
    assertThat(reason(PacketCodec.decode(new byte[50], NOW))).isEqualTo(Rejection.TOO_SMALL);
    assertThat(reason(PacketCodec.decode(new byte[200], NOW))).isEqualTo(Rejection.BAD_HASH);
    assertThat(reason(PacketCodec.decode(signed(key, 0x09, new byte[] {(byte) 0xc0}), NOW)))
        .isEqualTo(Rejection.UNKNOWN_TYPE);
    assertThat(reason(PacketCodec.decode(signed(key, 0x01, new byte[] {(byte) 0xc0}), NOW)))
        .isEqualTo(Rejection.MALFORMED);
    assertThat(reason(PacketCodec.decode(signed(key, 0x03, new byte[] {(byte) 0x83, 1, 2}), NOW)))
        .isEqualTo(Rejection.MALFORMED);
  }

  @Test
  void shouldKeepEveryFullNeighborsPacketWithinTheSizeLimit() throws Exception {
    List<Neighbor> nodes = new ArrayList<>();
    for (int i = 0; i < Packet.Neighbors.MAX_PER_PACKET; i++) {
      nodes.add(new Neighbor(new Endpoint(InetAddress.getByName("2001:db8::" + (i + 1)), 65535, 65535), new NodeId(NodeKey.random().nodeId())));
    }
    byte[] d = PacketCodec.encode(new Packet.Neighbors(nodes, Long.MAX_VALUE), NodeKey.random()).datagram();
    assertThat(d.length).isLessThanOrEqualTo(PacketCodec.MAX_PACKET_SIZE);
  }

  private static Rejection reason(DecodeResult r) {
    assertThat(r).isInstanceOf(DecodeResult.Rejected.class);
    return ((DecodeResult.Rejected) r).reason();
  }

  /** A correctly hashed and signed datagram with arbitrary type and data. */
  static byte[] signed(NodeKey key, int type, byte[] data) {
    byte[] typed = new byte[1 + data.length];
    typed[0] = (byte) type;
    System.arraycopy(data, 0, typed, 1, data.length);
    byte[] sig = key.sign(io.ethfollow.chain.Keccak.hash(typed));
    byte[] out = new byte[32 + 65 + typed.length];
    System.arraycopy(sig, 0, out, 32, 65);
    System.arraycopy(typed, 0, out, 97, typed.length);
    System.arraycopy(io.ethfollow.chain.Keccak.hash(out, 32, out.length - 32), 0, out, 0, 32);
    return out;
  }
}
