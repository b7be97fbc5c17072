package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ethfollow.rlp.RlpException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BlockHeaderTest {
  static List<TestVectors.MainnetBlock> blocks() {
    return TestVectors.mainnetBlocks();
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void decodesEveryMainnetHeaderToItsKnownHashAndFields(TestVectors.MainnetBlock b) {
    BlockHeader h = BlockHeader.decode(b.headerRlp());
    assertThat(h.hash()).isEqualTo(b.hash());
    assertThat(h.number()).isEqualTo(b.number());
    var f = b.json().get("header_fields");
    assertThat(h.parentHash().toHex()).isEqualTo(f.get("parentHash").asText());
    assertThat(h.transactionsRoot().toHex()).isEqualTo(f.get("transactionsRoot").asText());
    assertThat(h.gasUsed()).isEqualTo(f.get("gasUsed").asLong());
    assertThat(h.timestamp()).isEqualTo(f.get("timestamp").asLong());
    assertThat(h.baseFeePerGas() == null).isEqualTo(!f.has("baseFeePerGas"));
    assertThat(h.withdrawalsRoot() == null).isEqualTo(!f.has("withdrawalsRoot"));
    assertThat(h.parentBeaconBlockRoot() == null).isEqualTo(!f.has("parentBeaconBlockRoot"));
    assertThat(h.requestsHash() == null).isEqualTo(!f.has("requestsHash"));
    if (f.has("excessBlobGas")) {
      assertThat(h.excessBlobGas()).isEqualTo(f.get("excessBlobGas").asLong());
    }
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void reEncodingBuiltHeaderFromFieldsGivesTheSameHash(TestVectors.MainnetBlock b) {
    BlockHeader h = BlockHeader.decode(b.headerRlp());
    BlockHeader.Fields f = h.toFields();
    assertThat(BlockHeader.create(f).hash()).isEqualTo(b.hash());
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void rejectsHeaderWithTrailingByteOrTruncation(TestVectors.MainnetBlock b) {
    byte[] rlp = b.headerRlp();
    byte[] longer = Arrays.copyOf(rlp, rlp.length + 1);
    assertThatThrownBy(() -> BlockHeader.decode(longer)).isInstanceOf(RlpException.class);
    byte[] shorter = Arrays.copyOf(rlp, rlp.length - 1);
    assertThatThrownBy(() -> BlockHeader.decode(shorter)).isInstanceOf(RlpException.class);
  }
}
