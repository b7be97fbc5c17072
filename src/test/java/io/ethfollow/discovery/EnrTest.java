package io.ethfollow.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.chain.ForkId;
import io.ethfollow.chain.Keccak;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.rlp.Hex;
import io.ethfollow.wire.NodeKey;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class EnrTest {
  private static final JsonNode V = TestVectors.json("/testdata/discv4/enr-eip778.json");

  @Test
  void shouldDecodeAndVerifyTheEip778ExampleRecord() throws Exception {
    Enr enr = Enr.parse(V.get("enr_text").asText());
    assertThat(enr.encoded()).isEqualTo(Hex.decode(V.get("enr_rlp").asText()));
    assertThat(enr.seq()).isEqualTo(1);
    assertThat(enr.ip()).contains(InetAddress.getByName("127.0.0.1"));
    assertThat(enr.udp()).hasValue(30303);
    assertThat(enr.tcp()).isEmpty();
    assertThat(enr.ethForkId()).isEmpty();
    assertThat(Hex.encode(Keccak.hash(enr.nodeId().bytes()))).isEqualTo(V.get("node_id").asText());
    assertThat(enr.toText()).isEqualTo(V.get("enr_text").asText());
  }

  @Test
  void shouldReproduceTheExampleRecordFromItsKey() throws Exception {
    NodeKey key = NodeKey.fromSecret(Hex.decode(V.get("private_key").asText()));
    Enr enr = Enr.create(key, 1, InetAddress.getByName("127.0.0.1"), 0, 30303, null);
    // the signature is deterministic (RFC 6979) so the whole record must match byte for byte
    assertThat(enr.toText()).isEqualTo(V.get("enr_text").asText());
  }

  @Test
  void shouldRejectARecordWhoseContentWasChangedAfterSigning() {
    byte[] rlp = Hex.decode(V.get("enr_rlp").asText());
    rlp[rlp.length - 1] ^= 1; // the udp port
    assertThatThrownBy(() -> Enr.decode(rlp)).isInstanceOf(InvalidEnrException.class).hasMessageContaining("signature");
  }

  @Test
  void shouldRejectOversizedUnsortedAndTruncatedRecords() {
    assertThatThrownBy(() -> Enr.decode(new byte[301])).isInstanceOf(InvalidEnrException.class);
    byte[] rlp = Hex.decode(V.get("enr_rlp").asText());
    assertThatThrownBy(() -> Enr.decode(java.util.Arrays.copyOf(rlp, rlp.length - 1)))
        .isInstanceOf(InvalidEnrException.class);
    assertThatThrownBy(() -> Enr.parse("enr:!!")).isInstanceOf(InvalidEnrException.class);
  }

  @Test
  void shouldRoundTripOurOwnRecordWithTheEthForkIdEntry() throws Exception {
    NodeKey key = NodeKey.random();
    ForkId fork = new ForkId(0x07c9462e, 0);
    Enr enr = Enr.create(key, 5, InetAddress.getByName("192.0.2.7"), 30303, 30301, fork);
    Enr back = Enr.decode(enr.encoded());
    assertThat(back.nodeId()).isEqualTo(new NodeId(key.nodeId()));
    assertThat(back.seq()).isEqualTo(5);
    assertThat(back.ip()).contains(InetAddress.getByName("192.0.2.7"));
    assertThat(back.tcp()).hasValue(30303);
    assertThat(back.udp()).hasValue(30301);
    assertThat(back.ethForkId()).contains(fork);
    assertThat(back.keys()).containsExactly("eth", "id", "ip", "secp256k1", "tcp", "udp");
    assertThat(back.encoded().length).isLessThanOrEqualTo(Enr.MAX_SIZE);
  }
}
