package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.GenesisJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `devnet init`: the genesis any ethfollow command accepts, a prefilled store `verify` accepts, usage errors. */
class DevnetCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void initWritesAGenesisTheDaemonLoadsWithTheReportedHashAndForkId() throws Exception {
    CliRunner.Result r = CliRunner.run("devnet", "init", "--out", tmp.resolve("d").toString(), "--seed", "3",
        "--block-time", "2s", "--genesis-time", "1750000000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode summary = JSON.readTree(r.out());
    ChainSpec spec = ChainSpecs.resolve(null, tmp.resolve("d/genesis.json")); // what `run --genesis` does
    assertThat(spec.genesisHash().toHex()).isEqualTo(summary.get("genesisHash").asText());
    assertThat(spec.forkId(0, spec.genesisTimestamp()).hashHex()).isEqualTo(summary.get("forkId").asText());
    assertThat(spec.chainId()).isEqualTo(summary.get("chainId").asLong()).isNotEqualTo(1L);
    assertThat(spec.isActive("prague", 0, spec.genesisTimestamp())).isTrue();
    assertThat(spec.genesisTimestamp()).isEqualTo(1_750_000_000L);
    JsonNode devnet = JSON.readTree(tmp.resolve("d/genesis.json").toFile()).get("ethfollowDevnet");
    assertThat(devnet.get("blockTimeMs").asLong()).isEqualTo(2000);
    assertThat(devnet.get("seed").asLong()).isEqualTo(3);
    ChainSpec other = GenesisJson.load(writeOther());
    assertThat(other.forkId(0, other.genesisTimestamp())).isNotEqualTo(spec.forkId(0, spec.genesisTimestamp()));
  }

  private Path writeOther() {
    CliRunner.Result r = CliRunner.run("devnet", "init", "--out", tmp.resolve("other").toString(), "--seed", "4",
        "--genesis-time", "1750000000");
    assertThat(r.exitCode()).isZero();
    return tmp.resolve("other/genesis.json");
  }

  @Test
  void aPrefilledMainnetStoreWithReorgsPassesVerify() throws Exception {
    Path dir = tmp.resolve("d");
    CliRunner.Result r = CliRunner.run("devnet", "init", "--out", dir.toString(), "--profile", "mainnet",
        "--prefill", "60", "--reorg-every", "16", "--reorg-depth", "4");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("head").get("number").asLong()).isEqualTo(60);
    CliRunner.Result v = CliRunner.run("verify", "--data-dir", dir.resolve("store").toString());
    assertThat(v.exitCode()).as(v.out()).isZero();
    assertThat(JSON.readTree(v.out()).get("blocks").asLong()).isEqualTo(61);
  }

  @Test
  void badArgumentsExitWithUsageAndOneLine() {
    Path out = tmp.resolve("x");
    assertUsage(CliRunner.run("devnet", "init", "--out", out.toString(), "--profile", "huge"), "unknown profile");
    assertUsage(CliRunner.run("devnet", "init", "--out", out.toString(), "--reorg-every", "5", "--reorg-depth", "5"),
        "reorg depth");
    assertUsage(CliRunner.run("devnet", "init", "--out", out.toString(), "--block-time", "0"), "block-time");
    assertThat(CliRunner.run("devnet", "init", "--out", out.toString()).exitCode()).isZero();
    assertUsage(CliRunner.run("devnet", "init", "--out", out.toString()), "already holds a devnet");
    assertUsage(CliRunner.run("devnet", "serve", "--genesis", out.resolve("genesis.json").toString(),
        "--fault", "empty:2"), "--fault: fault empty needs a rate");
    assertUsage(CliRunner.run("devnet", "serve", "--genesis", out.resolve("genesis.json").toString(),
        "--fault", "sometimes:1"), "unknown fault 'sometimes'");
    assertUsage(CliRunner.run("devnet", "serve", "--genesis", tmp.resolve("missing.json").toString()), "cannot read");
  }

  private static void assertUsage(CliRunner.Result r, String reason) {
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(reason);
  }
}
