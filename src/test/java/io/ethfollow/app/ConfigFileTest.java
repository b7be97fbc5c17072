package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  /** Tests run with the project root as working directory. */
  static final Path SHIPPED = Path.of("config/ethfollow.toml");

  @TempDir Path tmp;

  private Path write(String toml) throws Exception {
    Path f = tmp.resolve("ethfollow.toml");
    Files.writeString(f, toml);
    return f;
  }

  private void assertRejected(String toml, String message) throws Exception {
    Path f = write(toml);
    assertThatThrownBy(() -> ConfigFile.load(f))
        .isInstanceOf(CliException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
  }

  @Test
  void shippedFileLoadsAndEqualsTheDefaults() {
    DaemonConfig c = ConfigFile.load(SHIPPED).withDefaults();
    assertThat(c).isEqualTo(DaemonConfig.EMPTY.withDefaults());
    assertThat(c.port()).isEqualTo(30303);
    assertThat(c.maxPeers()).isEqualTo(50);
    assertThat(c.statusAddr()).isEqualTo("127.0.0.1:8547");
    assertThat(c.discovery()).isTrue();
  }

  @Test
  void shippedFileDocumentsEveryKey() throws Exception {
    String text = Files.readString(SHIPPED);
    ConfigFile.KEYS.forEach(
        (section, keys) -> {
          assertThat(text).contains("[" + section + "]");
          keys.forEach(k -> assertThat(text).containsPattern("(?m)^#? ?" + k + " = "));
        });
  }

  @Test
  void readsEverySetting() throws Exception {
    Files.writeString(tmp.resolve("genesis.json"), "{}");
    String enode =
        "enode://d860a01f9722d78051619d1e2351aba3f43f943f6f00718d1b9baa4101932a1f5011f16bb2b1bb35db20d6fe28fa0bf09636d26a87d31de9ec6203eeedb1f666@10.0.0.1:30303";
    DaemonConfig c =
        ConfigFile.load(
            write(
                "[store]\ndata-dir = \"d\"\n[chain]\ngenesis = \"genesis.json\"\n"
                    + "[p2p]\nport = 0\nlisten-addr = \"127.0.0.1\"\nadvertise-ip = \"10.0.0.2\"\n"
                    + "static-peers = [\"" + enode + "\"]\ndiscovery = false\nmax-peers = 3\n"
                    + "[status]\naddr = \"127.0.0.1:0\"\n[log]\nformat = \"text\"\nlevel = \"debug\"\n"));
    assertThat(c.dataDir()).isEqualTo(tmp.resolve("d").toAbsolutePath());
    assertThat(c.genesis()).isEqualTo(tmp.resolve("genesis.json").toAbsolutePath());
    assertThat(c.network()).isNull();
    assertThat(c.port()).isZero();
    assertThat(c.staticPeers()).containsExactly(enode);
    assertThat(c.discovery()).isFalse();
    assertThat(c.maxPeers()).isEqualTo(3);
    assertThat(c.logFormat()).isEqualTo("text");
    assertThat(c.withDefaults().network()).isNull();
  }

  @Test
  void unknownKeys() throws Exception {
    assertRejected("[p2p]\nprot = 1\n", "config: unknown key 'p2p.prot'");
    assertRejected("[network]\nport = 1\n", "config: unknown key 'network'");
    assertRejected("port = 1\n", "config: unknown key 'port'");
  }

  @Test
  void startBlockIsANumberOrHeadMinusN() throws Exception {
    assertThat(ConfigFile.load(write("[sync]\nstart-block = 15537394\n")).startBlock()).isEqualTo("15537394");
    assertThat(ConfigFile.load(write("[sync]\nstart-block = \"head-64\"\n")).startBlock()).isEqualTo("head-64");
    assertRejected("[sync]\nstart-block = \"tip-5\"\n", "config: sync.start-block: start block must be N or head-N with N a non-negative number, got 'tip-5'");
    assertRejected("[sync]\nstart-block = 1.5\n", "config: sync.start-block must be a block number or \"head-N\", got 1.5");
  }

  @Test
  void wrongTypes() throws Exception {
    assertRejected("[p2p]\nport = \"abc\"\n", "config: p2p.port must be an integer, got \"abc\"");
    assertRejected("[p2p]\nmax-peers = 1.5\n", "config: p2p.max-peers must be an integer, got 1.5");
    assertRejected("[p2p]\ndiscovery = \"no\"\n", "config: p2p.discovery must be true or false, got \"no\"");
    assertRejected("[log]\nlevel = 3\n", "config: log.level must be a string, got 3");
    assertRejected(
        "[p2p]\nstatic-peers = \"enode://x\"\n",
        "config: p2p.static-peers must be an array of enode strings, got \"enode://x\"");
    assertRejected("[p2p]\nstatic-peers = [1]\n", "config: p2p.static-peers[0] must be a string, got 1");
  }

  @Test
  void outOfRangeAndInvalidValues() throws Exception {
    assertRejected("[p2p]\nport = 70000\n", "config: p2p.port must be 0-65535, got 70000");
    assertRejected("[p2p]\nport = -1\n", "config: p2p.port must be 0-65535, got -1");
    assertRejected("[p2p]\nmax-peers = 0\n", "config: p2p.max-peers must be 1-1000, got 0");
    assertRejected(
        "[p2p]\nlisten-addr = \"example.org\"\n",
        "config: p2p.listen-addr must be an IP address, got 'example.org': 'example.org' is not an"
            + " IP address (no host names)");
    // 999.0.0.1 is not a literal: the JDK would ask DNS for it; refused without any lookup
    assertRejected(
        "[p2p]\nlisten-addr = \"999.0.0.1\"\n",
        "config: p2p.listen-addr must be an IP address, got '999.0.0.1': bad IPv4 address"
            + " '999.0.0.1': 999 > 255");
    assertRejected("[status]\naddr = \"nope\"\n", "config: status.addr must be HOST:PORT, got 'nope'");
    assertRejected(
        "[log]\nformat = \"xml\"\n", "config: log.format must be json or text, got 'xml'");
    assertRejected(
        "[chain]\nnetwork = \"mainnet\"\ngenesis = \"g.json\"\n",
        "config: set only one of chain.network, chain.genesis and chain.spec-file");
    Path f = write("[chain]\nnetwork = \"nowhere\"\n");
    assertThatThrownBy(() -> ConfigFile.load(f)).hasMessageStartingWith("config: chain.network: ");
    Path g = write("[p2p]\nstatic-peers = [\"enode://bad\"]\n");
    assertThatThrownBy(() -> ConfigFile.load(g)).hasMessageStartingWith("config: p2p.static-peers[0]: ");
  }

  @Test
  void unreadableAndMalformedFiles() throws Exception {
    assertThatThrownBy(() -> ConfigFile.load(tmp.resolve("missing.toml")))
        .isInstanceOf(CliException.class)
        .hasMessage("config: no such file " + tmp.resolve("missing.toml"));
    assertThatThrownBy(() -> ConfigFile.load(tmp))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith("config: not a regular file");
    Path bad = write("[p2p]\nport = 7\n[p2p\n");
    assertThatThrownBy(() -> ConfigFile.load(bad))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith("config: " + bad + " is not valid TOML at line 3")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void emptyFileMeansDefaults() throws Exception {
    assertThat(ConfigFile.load(write(""))).isEqualTo(DaemonConfig.EMPTY);
  }

  @Test
  void flagsOverrideTheFileAndAChainFlagReplacesTheFilesChain() {
    DaemonConfig file =
        new DaemonConfig(
            Path.of("/f"), "sepolia", null, 1, "127.0.0.1", null, List.of("x"), false, 5, null, "text",
            null, null, List.of("b"), "head-5", "5m", null, null);
    DaemonConfig flags =
        new DaemonConfig(
            null, null, Path.of("g.json"), 2, null, null, null, null, null, null, null, "debug", null,
            null, "77", null, false, "127.0.0.1:9545");
    DaemonConfig c = file.overriddenBy(flags).withDefaults();
    assertThat(c.network()).isNull();
    assertThat(c.genesis()).isEqualTo(Path.of("g.json"));
    assertThat(c.port()).isEqualTo(2);
    assertThat(c.dataDir()).isEqualTo(Path.of("/f"));
    assertThat(c.listenAddr()).isEqualTo("127.0.0.1");
    assertThat(c.staticPeers()).containsExactly("x");
    assertThat(c.discovery()).isFalse();
    assertThat(c.maxPeers()).isEqualTo(5);
    assertThat(c.statusAddr()).isEqualTo(DaemonConfig.DEFAULT_STATUS_ADDR);
    assertThat(c.logFormat()).isEqualTo("text");
    assertThat(c.logLevel()).isEqualTo("debug");
    assertThat(c.bootnodes()).containsExactly("b");
    assertThat(c.specFile()).isNull();
    assertThat(c.startBlock()).isEqualTo("77");
    assertThat(DaemonConfig.EMPTY.withDefaults().startBlock()).isEqualTo("head-10000");
  }

  @Test
  void pathWithANulCharacterIsAOneLineUsageError() throws Exception {
    assertRejected(
        "[store]\ndata-dir = \"a\\u0000b\"\n",
        "config: store.data-dir is not a valid path: Nul character not allowed");
  }
}
