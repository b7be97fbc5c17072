package io.ethfollow.wire.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.wire.DisconnectReason;
import io.ethfollow.wire.MessageDecodeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class P2pCodecTest {
  private static final byte[] NODE_ID = new byte[64];

  static {
    Arrays.fill(NODE_ID, (byte) 0xab);
  }

  private static P2pMessage roundTrip(P2pMessage m) {
    return P2pCodec.decode(m.id().code(), P2pCodec.encode(m));
  }

  @Test
  void shouldAcceptEip8HelloWithHigherVersionAndExtraElements() {
    JsonNode v = TestVectors.json("/testdata/rlpx/hello-eip8.json");
    JsonNode e = v.get("expected");
    P2pMessage m = P2pCodec.decode(0x00, Hex.decode(v.get("hello_rlp").asText()));

    assertThat(m).isInstanceOf(P2pMessage.Hello.class);
    P2pMessage.Hello h = (P2pMessage.Hello) m;
    assertThat(h.p2pVersion()).isEqualTo(e.get("p2p_version").asLong());
    assertThat(h.clientId()).isEqualTo(e.get("client_id").asText());
    assertThat(h.capabilities())
        .containsExactly(new Capability("eth", 61), new Capability("mork", 22));
    assertThat(h.listenPort()).isEqualTo(e.get("listen_port").asLong());
    assertThat(h.nodeId()).isEqualTo(Hex.decode(e.get("node_id").asText()));
  }

  @Test
  void shouldRoundTripHelloWithOurCapabilities() {
    P2pMessage.Hello h =
        new P2pMessage.Hello(
            5, "ethfollow/v0.1.0", List.of(Capability.ETH68, Capability.ETH69), 30303, NODE_ID);
    assertThat(roundTrip(h)).isEqualTo(h);
  }

  @ParameterizedTest
  @EnumSource(DisconnectReason.class)
  void shouldRoundTripDisconnectAsListForEveryReason(DisconnectReason reason) {
    P2pMessage.Disconnect d = new P2pMessage.Disconnect(reason);
    byte[] payload = P2pCodec.encode(d);
    assertThat(payload[0] & 0xff).isGreaterThanOrEqualTo(0xc0);
    assertThat(roundTrip(d)).isEqualTo(d);
  }

  @Test
  void shouldAcceptBareDisconnectReason() {
    assertThat(P2pCodec.decode(0x01, new byte[] {0x04}))
        .isEqualTo(new P2pMessage.Disconnect(DisconnectReason.TOO_MANY_PEERS));
    assertThat(P2pCodec.decode(0x01, new byte[] {(byte) 0x10}))
        .isEqualTo(new P2pMessage.Disconnect(DisconnectReason.SUBPROTOCOL_ERROR));
  }

  @Test
  void shouldAcceptReasonZeroInEveryEncodingPeersUse() {
    P2pMessage requested = new P2pMessage.Disconnect(DisconnectReason.REQUESTED);
    assertThat(P2pCodec.decode(0x01, Hex.decode("c180"))).isEqualTo(requested);
    assertThat(P2pCodec.decode(0x01, Hex.decode("c100"))).isEqualTo(requested);
    assertThat(P2pCodec.decode(0x01, Hex.decode("80"))).isEqualTo(requested);
    assertThat(P2pCodec.decode(0x01, Hex.decode("00"))).isEqualTo(requested);
  }

  @Test
  void shouldRoundTripPingAndPongAsEmptyLists() {
    assertThat(P2pCodec.encode(new P2pMessage.Ping())).containsExactly(0xc0);
    assertThat(roundTrip(new P2pMessage.Ping())).isEqualTo(new P2pMessage.Ping());
    assertThat(roundTrip(new P2pMessage.Pong())).isEqualTo(new P2pMessage.Pong());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", // empty payload
        "c2", // truncated list
        "c0c0", // trailing bytes
        "c20505", // disconnect list with two reasons
        "c10c", // undefined reason 0x0c
        "c0" // disconnect without a reason
      })
  void shouldRejectMalformedDisconnect(String hex) {
    assertThatThrownBy(() -> P2pCodec.decode(0x01, Hex.decode(hex)))
        .isInstanceOf(MessageDecodeException.class)
        .satisfies(
            t ->
                assertThat(((MessageDecodeException) t).disconnectCause().wire())
                    .isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "80", "c0c0", "c1"})
  void shouldRejectPingThatIsNotOneList(String hex) {
    assertThatThrownBy(() -> P2pCodec.decode(0x02, Hex.decode(hex)))
        .isInstanceOf(MessageDecodeException.class);
  }

  @Test
  void shouldRejectHelloWithShortNodeId() {
    byte[] good =
        P2pCodec.encode(new P2pMessage.Hello(5, "x", List.of(Capability.ETH69), 0, NODE_ID));
    // Replace the 64-byte node id (b840 + 64 bytes, at the end) with a 63-byte one.
    byte[] bad = Arrays.copyOf(good, good.length - 1);
    bad[bad.length - 64] = (byte) 0xbf; // length byte 0x40 -> 0x3f keeps the long-form header
    assertThatThrownBy(() -> P2pCodec.decode(0x00, bad)).isInstanceOf(MessageDecodeException.class);
  }

  @Test
  void shouldRejectTruncatedHelloEveryWhere() {
    byte[] good =
        P2pCodec.encode(new P2pMessage.Hello(5, "x", List.of(Capability.ETH69), 0, NODE_ID));
    for (int len = 0; len < good.length; len++) {
      byte[] cut = Arrays.copyOf(good, len);
      assertThatThrownBy(() -> P2pCodec.decode(0x00, cut))
          .as("prefix of %d bytes", len)
          .isInstanceOf(MessageDecodeException.class);
    }
  }

  @Test
  void shouldRejectHelloWithCapabilityNameOverEightCharacters() {
    RlpWriter w = new RlpWriter();
    w.startList().writeLong(5).writeBytes("x".getBytes(StandardCharsets.US_ASCII));
    w.startList().startList().writeBytes("abcdefghi".getBytes(StandardCharsets.US_ASCII));
    w.writeLong(1).endList().endList();
    w.writeLong(0).writeBytes(NODE_ID).endList();
    assertThatThrownBy(() -> P2pCodec.decode(0x00, w.toByteArray()))
        .isInstanceOf(MessageDecodeException.class)
        .hasMessageContaining("1-8 characters");
  }

  @Test
  void shouldRejectHelloWhoseCapabilityVersionIsAList() {
    RlpWriter w = new RlpWriter();
    w.startList().writeLong(5).writeBytes("x".getBytes(StandardCharsets.US_ASCII));
    w.startList().startList().writeBytes("eth".getBytes(StandardCharsets.US_ASCII));
    w.startList().endList().endList().endList();
    w.writeLong(0).writeBytes(NODE_ID).endList();
    assertThatThrownBy(() -> P2pCodec.decode(0x00, w.toByteArray()))
        .isInstanceOf(MessageDecodeException.class);
  }

  @Test
  void shouldRejectOversizedPayloadBeforeParsing() {
    byte[] big = new byte[P2pCodec.MAX_PAYLOAD_SIZE + 1];
    assertThatThrownBy(() -> P2pCodec.decode(0x00, big))
        .isInstanceOf(MessageDecodeException.class)
        .hasMessageContaining("exceeds");
  }

  @Test
  void shouldRejectUnknownBaseProtocolId() {
    assertThatThrownBy(() -> P2pCodec.decode(0x04, Hex.decode("c0")))
        .isInstanceOf(MessageDecodeException.class)
        .hasMessageContaining("unknown message id");
  }
}
