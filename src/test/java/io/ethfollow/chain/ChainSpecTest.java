package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.rlp.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainSpecTest {
  private static final JsonNode MAINNET = TestVectors.json("/testdata/mainnet/chain.json");

  @Test
  void mainnetGenesisHeaderFromTheVectorsDecodesToTheKnownHash() {
    JsonNode g = MAINNET.get("genesis");
    BlockHeader header = BlockHeader.decode(Hex.decode(g.get("header_rlp").asText()));
    assertThat(header.hash().toHex()).isEqualTo(g.get("hash").asText());
    assertThat(header.hash().toHex())
        .isEqualTo("0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3");
  }

  @Test
  void builtInMainnetCarriesIdentityGenesisHeaderMergeAndBootnodes() {
    ChainSpec m = ChainSpec.named("mainnet");
    assertThat(m.chainId()).isEqualTo(1);
    assertThat(m.networkId()).isEqualTo(1);
    assertThat(m.genesisHash().toHex()).isEqualTo(MAINNET.at("/genesis/hash").asText());
    assertThat(m.genesisHeader().orElseThrow().hash()).isEqualTo(m.genesisHash());
    assertThat(m.merge().orElseThrow().terminalTotalDifficulty())
        .isEqualTo(new BigInteger("58750000000000000000000"));
    assertThat(m.merge().orElseThrow().firstPosBlock()).hasValue(15_537_394L);
    assertThat(m.bootnodes()).hasSize(4).allMatch(b -> b.startsWith("enode://"));
  }

  @Test
  void builtInMainnetForkHashesMatchEveryForkListedInTheVectors() {
    ChainSpec m = ChainSpec.named("mainnet");
    for (JsonNode f : MAINNET.get("forks")) {
      if (f.get("fork_hash").isNull()) {
        continue;
      }
      long block = f.has("block") ? f.get("block").asLong() : 30_000_000L;
      long time = f.has("timestamp") ? f.get("timestamp").asLong() : 0;
      assertThat(m.forkId(block, time).hashHex())
          .as(f.get("name").asText())
          .isEqualTo(f.get("fork_hash").asText());
    }
  }

  @Test
  void mainnetHeaderFieldCountFollowsForkBoundaries() {
    ChainSpec m = ChainSpec.named("mainnet");
    assertThat(m.expectedHeaderFieldCount(12_964_999, 0)).isEqualTo(15);
    assertThat(m.expectedHeaderFieldCount(12_965_000, 0)).isEqualTo(16);
    assertThat(m.expectedHeaderFieldCount(17_034_869, 1_681_338_454L)).isEqualTo(16);
    assertThat(m.expectedHeaderFieldCount(17_034_870, 1_681_338_455L)).isEqualTo(17);
    assertThat(m.expectedHeaderFieldCount(19_426_587, 1_710_338_135L)).isEqualTo(20);
    assertThat(m.expectedHeaderFieldCount(22_431_084, 1_746_612_311L)).isEqualTo(21);
    assertThat(m.expectedHeaderFieldCount(24_000_000, 1_767_747_671L)).isEqualTo(21);
  }

  @Test
  void expectedFieldCountMatchesEveryRealMainnetHeaderInTheVectors() {
    ChainSpec m = ChainSpec.named("mainnet");
    for (TestVectors.MainnetBlock b : TestVectors.mainnetBlocks()) {
      BlockHeader h = BlockHeader.decode(b.headerRlp());
      assertThat(m.expectedHeaderFieldCount(h.number(), h.timestamp()))
          .as("block %d", h.number())
          .isEqualTo(h.fieldCount());
    }
  }

  @Test
  void sepoliaAndHoodiAreBuiltInWithTheirChainIds() {
    assertThat(ChainSpec.named("sepolia").chainId()).isEqualTo(11_155_111L);
    assertThat(ChainSpec.named("Hoodi").chainId()).isEqualTo(560_048L);
    assertThat(ChainSpec.named("hoodi").expectedHeaderFieldCount(0, 1_742_212_800L)).isEqualTo(20);
    assertThat(ChainSpec.builtInNames()).containsExactly("mainnet", "sepolia", "hoodi");
  }

  @Test
  void unknownNetworkNameFailsListingTheKnownOnes() {
    assertThatThrownBy(() -> ChainSpec.named("goerli"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown network 'goerli'; known networks: mainnet, sepolia, hoodi");
  }

  @Test
  void rejectsAScheduleWithABlockForkAfterATimestampForkOrOutOfOrder() {
    ChainSpec m = ChainSpec.named("mainnet");
    assertThatThrownBy(() -> m.withForks(List.of(Fork.atTime("a", 5), Fork.atBlock("b", 6))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block forks come first");
    assertThatThrownBy(() -> m.withForks(List.of(Fork.atBlock("a", 5), Fork.atBlock("b", 4))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheduled before");
    assertThatThrownBy(() -> m.withForks(List.of(Fork.atBlock("a", 5), Fork.atBlock("a", 6))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listed twice");
  }

  @Test
  void rejectsAGenesisHeaderThatDoesNotHashToTheGenesisHash() {
    ChainSpec m = ChainSpec.named("mainnet");
    assertThatThrownBy(
            () -> new ChainSpec("x", 1, 1, Hash.ZERO, m.genesisHeader(), 0, List.of(),
                Optional.empty(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("genesis header hashes to");
  }

  @Test
  void operatorChainSpecFileCanAddAForkThatChangesTheForkId() {
    String spec =
        """
        {"name": "mainnet-plus", "chainId": 1,
         "genesis": {"hash": "0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3",
                     "timestamp": 0},
         "forks": [{"name": "homestead", "block": 1150000},
                   {"name": "amsterdam", "timestamp": "0x77359400"}]}
        """;
    ChainSpec custom = ChainSpecFile.parse(spec.getBytes(StandardCharsets.UTF_8), "plus.json");
    assertThat(custom.networkId()).isEqualTo(1);
    assertThat(custom.forkId(2_000_000, 0)).isEqualTo(new ForkId(0x97c2c34c, 2_000_000_000L));
    assertThat(custom.forkId(2_000_000, 2_000_000_000L).next()).isZero();
  }

  @Test
  void malformedChainSpecFileNamesTheFileAndKey() {
    String spec = "{\"name\": \"x\", \"chainId\": 1, \"genesis\": {\"timestamp\": 0}, \"forks\": []}";
    assertThatThrownBy(
            () -> ChainSpecFile.parse(spec.getBytes(StandardCharsets.UTF_8), "bad.json"))
        .isInstanceOf(GenesisException.class)
        .hasMessage("bad.json: genesis.hash: missing");
  }
}
