package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ForkFilterTest {
  private static final JsonNode VECTORS = TestVectors.json("/testdata/forkid/forkid.json");

  /** The vectors' local configurations: mainnet as shipped, and mainnet cut at Gray Glacier. */
  static ChainSpec localConfig(String name) {
    ChainSpec mainnet = ChainSpec.named("mainnet");
    switch (name) {
      case "mainnet":
        return mainnet;
      case "mainnet_without_time_forks":
        return mainnet.withForks(
            mainnet.forks().stream().filter(f -> f.basis() == Fork.Basis.BLOCK).toList());
      default:
        throw new IllegalArgumentException("no local config " + name);
    }
  }

  static ForkFilter.Verdict verdict(String expected) {
    switch (expected) {
      case "accept":
        return ForkFilter.Verdict.ACCEPT;
      case "reject: local incompatible or stale":
        return ForkFilter.Verdict.REJECT_LOCAL_INCOMPATIBLE_OR_STALE;
      case "reject: remote stale":
        return ForkFilter.Verdict.REJECT_REMOTE_STALE;
      default:
        throw new IllegalArgumentException("unknown expectation " + expected);
    }
  }

  static List<Arguments> validationCases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : VECTORS.get("validation").get("cases")) {
      out.add(Arguments.of(
          c.get("local_config").asText(), c.get("local_head").asLong(),
          c.get("local_time").asLong(),
          new ForkId((int) Long.parseLong(c.get("remote_fork_hash").asText().substring(2), 16),
              c.get("remote_fork_next").bigIntegerValue().longValue()),
          verdict(c.get("expected").asText()), c.get("comment").asText()));
    }
    return out;
  }

  @Test
  void vectorFileHoldsAllFortyFiveValidationCases() {
    assertThat(validationCases()).hasSize(45);
  }

  @ParameterizedTest(name = "{0} head={1} time={2} remote={3}: {5}")
  @MethodSource("validationCases")
  void classifiesRemoteForkIdLikeEip2124AndEip6122Require(
      String config, long head, long time, ForkId remote, ForkFilter.Verdict expected,
      String comment) {
    assertThat(localConfig(config).forkFilter().check(remote, head, time)).isEqualTo(expected);
  }

  @Test
  void acceptsPeerAnnouncingExactlyOurOwnForkIdAtEveryCreationPoint() {
    ChainSpec mainnet = ChainSpec.named("mainnet");
    ForkFilter filter = mainnet.forkFilter();
    for (long[] at : new long[][] {{0, 0}, {15_050_000, 0}, {20_000_000, 1_710_338_135L},
        {30_000_000, 2_000_000_000L}}) {
      ForkId own = mainnet.forkId(at[0], at[1]);
      assertThat(filter.check(own, at[0], at[1])).isEqualTo(ForkFilter.Verdict.ACCEPT);
    }
  }

  @Test
  void rejectsPeerOfAnotherNetworkWithAReasonText() {
    ForkId sepolia = ChainSpec.named("sepolia").forkId(2_000_000, 2_000_000_000L);
    ForkFilter.Verdict v =
        ChainSpec.named("mainnet").forkFilter().check(sepolia, 24_000_000, 2_000_000_000L);
    assertThat(v).isEqualTo(ForkFilter.Verdict.REJECT_LOCAL_INCOMPATIBLE_OR_STALE);
    assertThat(v.accepted()).isFalse();
    assertThat(v.reason()).isNotBlank();
  }
}
