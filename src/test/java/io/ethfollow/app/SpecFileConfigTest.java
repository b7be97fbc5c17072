package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.ForkId;
import io.ethfollow.chain.Hash;
import io.ethfollow.network.LocalHead;
import io.ethfollow.network.LoopbackNode;
import io.ethfollow.network.RawPeer;
import io.ethfollow.store.RocksBlockStore;
import io.ethfollow.wire.NodeKey;
import io.ethfollow.wire.eth.EthMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chain.spec-file} / {@code --spec-file} and {@code p2p.bootnodes} / {@code --bootnodes}: an
 * operator's fork schedule reaches the wire, bootnodes are replaced, and every kind of bad file is
 * exit code 2 with one line naming the key and the file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpecFileConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 2100-01-01T00:00:00Z: a fork no test run will reach. */
  private static final long FUTURE = 4_102_444_800L;

  private static final String ENODE = "enode://d860a01f9722d78051619d1e2351aba3f43f943f6f00718d1b9baa4101932a1f5011f16bb2b1bb35db20d6fe28fa0bf09636d26a87d31de9ec6203eeedb1f666@10.0.0.1:30303";

  @TempDir Path tmp;

  private ObjectNode builtIn(String network) throws Exception {
    CliRunner.Result r = CliRunner.run("config", "print-spec", "--network", network);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return (ObjectNode) JSON.readTree(r.out());
  }

  private Path writeSpec(ObjectNode spec) throws Exception {
    Path f = tmp.resolve("spec.json");
    Files.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
    return f;
  }

  private Path toml(String body) throws Exception {
    Path f = tmp.resolve("ethfollow.toml");
    Files.writeString(f, body);
    return f;
  }

  private static DaemonConfig configOf(Path toml) {
    RunCommand run = new RunCommand();
    run.configFile = toml;
    return run.effectiveConfig();
  }

  /** A head past every fork mainnet has scheduled today (BPO2), so only a new fork changes the id. */
  private static LocalHead recentMainnetHead() {
    return new LocalHead(24_000_000, Hash.ZERO, 1_800_000_000L, 0);
  }

  private static ForkId advertised(ChainSpec spec) throws Exception {
    try (LoopbackNode node = LoopbackNode.start(spec, recentMainnetHead(), List.of());
        RawPeer peer = new RawPeer(NodeKey.random())) {
      peer.dial(node.enode());
      EthMessage first = peer.nextMessage();
      assertThat(first).isInstanceOf(EthMessage.Status69.class);
      return ((EthMessage.Status69) first).forkId();
    }
  }

  @Test
  void aSpecFileThatAddsAFutureForkChangesTheForkIdTheNodeAdvertises() throws Exception {
    ObjectNode spec = builtIn("mainnet");
    ((ArrayNode) spec.get("forks")).addObject().put("name", "amsterdam").put("timestamp", FUTURE);
    Path file = writeSpec(spec);
    DaemonConfig c = configOf(toml("[chain]\nspec-file = \"" + file.getFileName() + "\"\n"));
    assertThat(c.specFile()).isEqualTo(file.toAbsolutePath());
    assertThat(c.withDefaults().network()).as("no built-in network on top of the file").isNull();

    ForkId builtInId = advertised(ChainSpec.named("mainnet"));
    ForkId configured = advertised(RunCommand.chainSpec(c.withDefaults()));

    assertThat(builtInId.next()).as("no fork after BPO2 in the built-in spec").isZero();
    assertThat(configured.hash()).isEqualTo(builtInId.hash());
    assertThat(configured.next()).isEqualTo(FUTURE);
  }

  @Test
  void bootnodesFromConfigReplaceTheSpecsOwn() throws Exception {
    DaemonConfig c = configOf(toml("[p2p]\nbootnodes = [\"" + ENODE + "\"]\n")).withDefaults();
    assertThat(RunCommand.chainSpec(c).bootnodes()).containsExactly(ENODE);
    DaemonConfig none = configOf(toml("[p2p]\nbootnodes = []\n")).withDefaults();
    assertThat(RunCommand.chainSpec(none).bootnodes()).isEmpty();
    DaemonConfig unset = configOf(toml("[chain]\nnetwork = \"sepolia\"\n")).withDefaults();
    assertThat(RunCommand.chainSpec(unset).bootnodes())
        .isEqualTo(ChainSpec.named("sepolia").bootnodes())
        .isNotEmpty();
  }

  @Test
  void bootnodesFlagReplacesTheConfigsAndABadOneNamesTheFlag() throws Exception {
    RunCommand run = new RunCommand();
    run.configFile = toml("[p2p]\nbootnodes = [\"" + ENODE + "\"]\n");
    run.bootnodes = List.of("enode://nothex@1.2.3.4:1");
    assertThatThrownBy(() -> RunCommand.chainSpec(run.effectiveConfig()))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith("--bootnodes: entry 1: ");
  }

  @Test
  void printSpecIsTheBuiltInSpecAndAnUnknownNetworkExitsTwo() throws Exception {
    Path file = writeSpec(builtIn("hoodi"));
    ChainSpec printed = ChainSpecs.load("--spec-file", file);
    ChainSpec hoodi = ChainSpec.named("hoodi");
    assertThat(printed).isEqualTo(hoodi);
    CliRunner.Result r = CliRunner.run("config", "print-spec", "--network", "nowhere");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).startsWith("ethfollow: --network: unknown network 'nowhere'");
  }

  private CliRunner.Result checkWithSpec(String specJson) throws Exception {
    Files.writeString(tmp.resolve("spec.json"), specJson);
    return CliRunner.run("config", "check", toml("[chain]\nspec-file = \"spec.json\"\n").toString());
  }

  private void assertBadSpec(String specJson, String expectedAfterFile) throws Exception {
    CliRunner.Result r = checkWithSpec(specJson);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .startsWith("ethfollow: config: chain.spec-file: " + tmp.resolve("spec.json") + ": " + expectedAfterFile)
        .hasLineCount(1);
  }

  @Test
  void badSpecFilesExitTwoNamingTheFileAndTheKey() throws Exception {
    ObjectNode good = builtIn("mainnet");
    assertThat(checkWithSpec(good.toString()).exitCode()).isZero();

    assertBadSpec("{\"name\": \"x\",", "malformed JSON");

    ObjectNode noHash = good.deepCopy();
    ((ObjectNode) noHash.get("genesis")).remove("hash");
    assertBadSpec(noHash.toString(), "genesis.hash: missing");

    ObjectNode noForks = good.deepCopy();
    noForks.remove("forks");
    assertBadSpec(noForks.toString(), "forks: expected a list");

    ObjectNode outOfOrder = good.deepCopy();
    ((ArrayNode) outOfOrder.get("forks")).addObject().put("name", "amsterdam").put("timestamp", 1_000);
    assertBadSpec(outOfOrder.toString(), "mainnet: fork amsterdam at 1000 is scheduled before bpo2");

    ObjectNode blockAfterTime = good.deepCopy();
    ((ArrayNode) blockAfterTime.get("forks")).addObject().put("name", "late").put("block", 30_000_000);
    assertBadSpec(blockAfterTime.toString(), "mainnet: block fork late follows timestamp fork bpo2");

    ObjectNode typo = good.deepCopy();
    ((ArrayNode) typo.get("forks")).addObject().put("name", "amsterdam").put("timestmp", FUTURE);
    assertBadSpec(typo.toString(), "forks[20].timestmp: unknown key");

    ObjectNode badEnode = good.deepCopy();
    ((ArrayNode) badEnode.get("bootnodes")).insert(0, "enode://nothex@1.2.3.4:30303");
    CliRunner.Result r = checkWithSpec(badEnode.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .startsWith("ethfollow: config: chain.spec-file: " + tmp.resolve("spec.json") + ": bootnodes[0]: ");

    ObjectNode bootnodesNotAList = good.deepCopy();
    bootnodesNotAList.put("bootnodes", ENODE);
    assertBadSpec(bootnodesNotAList.toString(), "bootnodes: expected a list of enode strings");
  }

  @Test
  void badChainAndBootnodeSettingsExitTwoNamingTheKey() throws Exception {
    CliRunner.Result missing =
        CliRunner.run("config", "check", toml("[chain]\nspec-file = \"nope.json\"\n").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err())
        .isEqualTo(
            "ethfollow: config: chain.spec-file: cannot read file " + tmp.resolve("nope.json")
                + System.lineSeparator());

    Files.writeString(tmp.resolve("spec.json"), builtIn("mainnet").toString());
    CliRunner.Result both =
        CliRunner.run(
            "config", "check",
            toml("[chain]\nnetwork = \"mainnet\"\nspec-file = \"spec.json\"\n").toString());
    assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(both.err()).contains("set only one of chain.network, chain.genesis and chain.spec-file");

    CliRunner.Result badBootnode =
        CliRunner.run("config", "check", toml("[p2p]\nbootnodes = [\"enode://x\"]\n").toString());
    assertThat(badBootnode.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(badBootnode.err()).startsWith("ethfollow: config: p2p.bootnodes[0]: ");

    RunCommand run = new RunCommand();
    run.specFile = tmp.resolve("nope.json");
    assertThatThrownBy(() -> RunCommand.chainSpec(run.effectiveConfig()))
        .isInstanceOf(CliException.class)
        .hasMessage("--spec-file: cannot read file " + tmp.resolve("nope.json"));
  }

  @Test
  void aSpecFileOfAnotherGenesisThanTheStoreIsRefusedWithExitTwo() throws Exception {
    Path data = tmp.resolve("data");
    RocksBlockStore.open(data, RunCommand.identity(ChainSpec.named("mainnet"))).close();
    ObjectNode sepolia = builtIn("sepolia");
    sepolia.put("name", "mainnet"); // the name does not matter: genesis and network id do
    ChainSpec fromFile = ChainSpecs.load("--spec-file", writeSpec(sepolia));
    assertThatThrownBy(() -> RocksBlockStore.open(data, RunCommand.identity(fromFile)).close())
        .satisfies(e -> assertThat(ErrorMapping.exitCode(e)).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("another chain");
  }

  @Test
  void aSpecFileMissingAForkThisReleaseKnowsIsDetected() throws Exception {
    ObjectNode old = builtIn("mainnet");
    ArrayNode forks = (ArrayNode) old.get("forks");
    forks.remove(forks.size() - 1); // bpo2
    ChainSpec stale = ChainSpecs.load("--spec-file", writeSpec(old));
    assertThat(ChainSpecs.forksMissingFromBuiltIn(stale)).containsExactly("bpo2");
    assertThat(ChainSpecs.forksMissingFromBuiltIn(ChainSpec.named("mainnet"))).isEmpty();
  }
}
