package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
  @TempDir Path tmp;

  private Path write(String toml) throws Exception {
    Path f = tmp.resolve("ethfollow.toml");
    Files.writeString(f, toml);
    return f;
  }

  @Test
  void checkPrintsOkAndTheEffectiveSettings() throws Exception {
    CliRunner.Result r = CliRunner.run("config", "check", "config/ethfollow.toml");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("ok");
    JsonNode json = new ObjectMapper().readTree(r.out().substring(r.out().indexOf('{')));
    assertThat(json.get("p2p.port").asInt()).isEqualTo(30303);
    assertThat(json.get("chain.network").asText()).isEqualTo("mainnet");
    assertThat(json.get("log.level").asText()).isEqualTo("info");
  }

  @Test
  void checkOfABadFileExits2WithOneLineNamingTheKey() throws Exception {
    CliRunner.Result r = CliRunner.run("config", "check", write("[p2p]\nport = 70000\n").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).isEqualTo("ethfollow: config: p2p.port must be 0-65535, got 70000" + System.lineSeparator());
    assertThat(r.out()).isEmpty();

    r = CliRunner.run("config", "check", tmp.resolve("missing.toml").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("no such file");
  }

  @Test
  void configWithoutSubcommandIsUsageError() {
    assertThat(CliRunner.run("config").exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void runWithABadConfigExits2BeforeOpeningTheStore() throws Exception {
    Path data = tmp.resolve("data");
    Path f = write("[store]\ndata-dir = \"data\"\n[p2p]\nprot = 1\n");
    CliRunner.Result r = CliRunner.run("run", "--config", f.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().trim()).isEqualTo("ethfollow: config: unknown key 'p2p.prot'");
    assertThat(data).doesNotExist();

    r = CliRunner.run("run", "--config", tmp.resolve("missing.toml").toString(), "--data-dir", data.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(data).doesNotExist();
  }

  @Test
  void runFlagsOverrideFileValues() throws Exception {
    Path f =
        write(
            "[store]\ndata-dir = \"from-file\"\n[chain]\nnetwork = \"sepolia\"\n"
                + "[p2p]\nport = 1111\nmax-peers = 7\ndiscovery = false\n[log]\nlevel = \"warn\"\n");
    RunCommand run = new RunCommand();
    run.configFile = f;
    DaemonConfig fileOnly = run.effectiveConfig();
    assertThat(fileOnly.port()).isEqualTo(1111);
    assertThat(fileOnly.network()).isEqualTo("sepolia");
    assertThat(fileOnly.discovery()).isFalse();
    assertThat(fileOnly.dataDir()).isEqualTo(tmp.resolve("from-file").toAbsolutePath());

    run.port = 2222;
    run.network = "hoodi";
    run.noDiscovery = true;
    run.logLevel = "debug";
    DaemonConfig merged = run.effectiveConfig();
    assertThat(merged.port()).isEqualTo(2222);
    assertThat(merged.network()).isEqualTo("hoodi");
    assertThat(merged.maxPeers()).isEqualTo(7);
    assertThat(merged.discovery()).isFalse();
    assertThat(merged.logLevel()).isEqualTo("debug");
  }

  @Test
  void runWithoutConfigKeepsTheDocumentedDefaults() {
    DaemonConfig c = new RunCommand().effectiveConfig();
    assertThat(c).isEqualTo(DaemonConfig.EMPTY.withDefaults());
    assertThat(c.port()).isEqualTo(30303);
    assertThat(c.listenAddr()).isEqualTo("0.0.0.0");
    assertThat(c.maxPeers()).isEqualTo(50);
    assertThat(c.statusAddr()).isEqualTo("127.0.0.1:8547");
    assertThat(c.logFormat()).isEqualTo("json");
    assertThat(c.logLevel()).isEqualTo("info");
    assertThat(c.discovery()).isTrue();
    assertThat(c.network()).isEqualTo("mainnet");
  }
}
