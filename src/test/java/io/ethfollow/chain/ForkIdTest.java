package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ForkIdTest {
  private static final JsonNode VECTORS = TestVectors.json("/testdata/forkid/forkid.json");

  /**
   * Holesky is retired and not built in; its schedule (go-ethereum params/config.go) is kept here so
   * its creation vectors still exercise genesis-time skipping of timestamp forks.
   */
  static ChainSpec holesky() {
    List<Fork> forks = new ArrayList<>();
    for (String n :
        List.of(
            "homestead", "eip150", "eip155", "eip158", "byzantium", "constantinople", "petersburg",
            "istanbul", "muirGlacier", "berlin", "london", "mergeNetsplit")) {
      forks.add(Fork.atBlock(n, 0));
    }
    forks.add(Fork.atTime("shanghai", 1696000704L));
    forks.add(Fork.atTime("cancun", 1707305664L));
    forks.add(Fork.atTime("prague", 1740434112L));
    forks.add(Fork.atTime("osaka", 1759308480L));
    forks.add(Fork.atTime("bpo1", 1759800000L));
    forks.add(Fork.atTime("bpo2", 1760389824L));
    return new ChainSpec(
        "holesky", 17000, 17000,
        Hash.fromHex("0xb5f7f912443c940f21fd611f12828d75b534364ed9e95ca4e307729a4661bde4"),
        Optional.empty(), 1695902400L, forks, Optional.empty(), List.of());
  }

  static ChainSpec spec(String network) {
    return network.equals("holesky") ? holesky() : ChainSpec.named(network);
  }

  static List<Arguments> creationCases() {
    List<Arguments> out = new ArrayList<>();
    VECTORS.get("creation").fields().forEachRemaining(e -> {
      for (JsonNode c : e.getValue()) {
        out.add(Arguments.of(e.getKey(), c.get("head").asLong(), c.get("time").asLong(),
            c.get("fork_hash").asText(), c.get("fork_next").bigIntegerValue(),
            c.get("comment").asText()));
      }
    });
    return out;
  }

  @Test
  void vectorFileHoldsCreationCasesForFourNetworks() {
    assertThat(creationCases()).hasSizeGreaterThan(60);
    assertThat(VECTORS.get("creation").size()).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0} head={1} time={2}: {5}")
  @MethodSource("creationCases")
  void computesTheForkIdEveryClientAnnouncesAtThatHead(
      String network, long head, long time, String hash, BigInteger next, String comment) {
    ForkId id = spec(network).forkId(head, time);
    assertThat(id.hashHex()).isEqualTo(hash);
    assertThat(id.unsignedNext()).isEqualTo(next);
  }

  static List<Arguments> encodingCases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : VECTORS.get("encoding")) {
      out.add(Arguments.of(c.get("fork_hash").asText(), c.get("fork_next").bigIntegerValue(),
          c.get("rlp").asText()));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("encodingCases")
  void encodesAndDecodesAsHashBytesThenNextIncludingValuesAboveSignedLong(
      String hash, BigInteger next, String rlp) {
    ForkId id = new ForkId((int) Long.parseLong(hash.substring(2), 16), next.longValue());
    assertThat(Hex.encode(id.encode())).isEqualTo(rlp);
    ForkId back = ForkId.decode(Hex.decode(rlp));
    assertThat(back).isEqualTo(id);
    assertThat(back.unsignedNext()).isEqualTo(next);
  }

  @Test
  void rejectsForkIdWithWrongHashLengthOrOversizedNextOrTrailingBytes() {
    assertThatThrownBy(() -> ForkId.decode(Hex.decode("0xc58300000080")))
        .isInstanceOf(RlpException.class);
    assertThatThrownBy(() -> ForkId.decode(Hex.decode("0xcf84ffffffff8901ffffffffffffffff")))
        .isInstanceOf(RlpException.class);
    assertThatThrownBy(() -> ForkId.decode(Hex.decode("0xc684000000008000")))
        .isInstanceOf(RlpException.class);
    assertThatThrownBy(() -> ForkId.decode(Hex.decode("0xc784000000008080")))
        .isInstanceOf(RlpException.class);
  }

  @Test
  void countsForksSharingOneBlockOnceAndSkipsForksAtGenesis() {
    Hash genesis = Hash.keccakOf(new byte[] {1});
    ForkChecksums merged =
        ForkChecksums.of(genesis, 100, List.of(
            Fork.atBlock("a", 0), Fork.atBlock("b", 5), Fork.atBlock("c", 5),
            Fork.atTime("d", 100), Fork.atTime("e", 200)));
    ForkChecksums plain =
        ForkChecksums.of(genesis, 100, List.of(Fork.atBlock("b", 5), Fork.atTime("e", 200)));
    assertThat(merged.forkCount()).isEqualTo(2);
    for (long[] at : new long[][] {{0, 0}, {5, 0}, {5, 199}, {5, 200}}) {
      assertThat(merged.forkId(at[0], at[1])).isEqualTo(plain.forkId(at[0], at[1]));
    }
    assertThat(merged.forkId(5, 200).next()).isZero();
  }

  @Test
  void mainnetAnnouncesBpo2WithNoNextForkAtItsCurrentHead() {
    ForkId id = ChainSpec.named("mainnet").forkId(24_000_000L, 1_767_747_671L);
    assertThat(id).isEqualTo(new ForkId(0x07c9462e, 0));
  }
}
