package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz test of the daemon's TOML config file (docs/fuzzing.md). Contract: any file
 * content either loads or fails with one {@link CliException} whose message is one line starting
 * with "config:" (exit code 2), never another exception. Input: the file's bytes, written to a temp
 * file per run (the loader reads a path). The dictionary (ConfigFileFuzzTest.dict beside the
 * inputs) holds the sections, keys and TOML syntax.
 *
 * <p>Addresses in the file (p2p.listen-addr, p2p.advertise-ip, status.addr, enodes) can reach the
 * JVM's name resolver, and a fuzzed name must never become a DNS query: scripts/fuzz.sh runs with
 * {@code -Djdk.net.hosts.file} (an empty hosts file, no DNS), and without it inputs that set those
 * keys are skipped.
 */
class ConfigFileFuzzTest {
  private static final Path FILE = tempFile();

  private static final boolean NO_DNS = System.getProperty("jdk.net.hosts.file") != null;

  @FuzzTest
  @DictionaryFile(resourcePath = "ConfigFileFuzzTest.dict")
  void anyFileLoadsOrFailsWithAOneLineCliException(byte[] content) throws IOException {
    if (!NO_DNS && setsAnAddress(content)) {
      return;
    }
    Files.write(FILE, content);
    DaemonConfig config;
    try {
      config = ConfigFile.load(FILE);
    } catch (CliException rejected) {
      assertThat(rejected.getMessage()).startsWith("config:").doesNotContain("\n", "\r");
      assertThat(rejected.exitCode()).isEqualTo(ExitCode.USAGE);
      return;
    }
    assertThat(config).isNotNull();
  }

  /** True when the content is TOML setting a key whose value the loader may resolve as a host. */
  private static boolean setsAnAddress(byte[] content) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(content);
    } catch (IOException | RuntimeException e) {
      return false; // not TOML: the loader fails before it looks at any value
    }
    if (root == null) {
      return false;
    }
    JsonNode p2p = root.path("p2p");
    return p2p.has("listen-addr")
        || p2p.has("advertise-ip")
        || p2p.has("static-peers")
        || p2p.has("bootnodes")
        || root.path("status").has("addr");
  }

  private static Path tempFile() {
    try {
      Path dir = Files.createTempDirectory("ethfollow-config-fuzz");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("ethfollow.toml");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
