package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.app.DevnetHarness.Producer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store write that fails on a real disk error ends `ethfollow run` with exit 1, one
 * {@code ethfollow: <reason>} line on stderr and one {@code fatal_error} whose {@code error} names
 * the cause. The disk error is real: the follower runs under a file-size limit ({@code ulimit -f},
 * which the JVM turns into EFBIG on write, as a full disk gives ENOSPC), so RocksDB's write-ahead
 * log fails once the blocks it syncs from a devnet producer outgrow it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FatalStopProcessTest {
  @TempDir Path tmp;
  private DevnetHarness net;

  @AfterEach
  void killChildren() throws Exception {
    if (net != null) {
      net.killAll();
    }
  }

  @Test
  void aFailingStoreWriteEndsTheDaemonWithOneStderrLineAndOneFatalError() throws Exception {
    net = new DevnetHarness(tmp);
    Path genesis = net.init(41, 1000, 3000);
    List<Producer> producers = net.producers(genesis, (String) null);
    List<String> args =
        new ArrayList<>(
            List.of("run", "--genesis", genesis.toString(), "--data-dir",
                tmp.resolve("follower").toString(), "--start-block", "0", "--static-peers",
                producers.get(0).enode()));
    args.addAll(ChildDaemon.LOOPBACK);
    // ulimit -f counts 1 KiB blocks: 2 MiB is more than RocksDB writes to open the store, less than
    // the write-ahead log of the 3,000 blocks. RocksDB would copy its 17 MB native library to /tmp
    // under that limit: the child finds it already extracted, on LD_LIBRARY_PATH.
    ChildDaemon c =
        ChildDaemon.start(tmp, "follower", Map.of("LD_LIBRARY_PATH", rocksLibraryDir().toString()),
            List.of("bash", "-c", "ulimit -f 2048 && exec \"$@\"", "bash"),
            args.toArray(new String[0]));
    Process p = c.process();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("stopped by itself").isTrue();
      assertThat(p.exitValue()).as(c.stderr()).isEqualTo(1);
      List<JsonNode> fatal = DevnetHarness.events(c, "fatal_error");
      assertThat(fatal).as(DevnetHarness.tail(c)).hasSize(1);
      String error = fatal.get(0).path("error").asText(null);
      assertThat(error).isNotBlank().containsIgnoringCase("File too large");
      assertThat(fatal.get(0).path("thread").asText()).isEqualTo("ethfollow-main");
      List<String> stderr = c.stderr().lines().toList();
      assertThat(stderr).hasSize(1);
      assertThat(stderr.get(0)).isEqualTo("ethfollow: " + error);
      assertThat(c.awaitEvent("stopped").get("exitCode").asInt()).isEqualTo(1);
      // What fails after it (the peer cache saved at the stop, on the same disk) is a WARN only.
      for (JsonNode after : DevnetHarness.events(c, "failure_after_fatal")) {
        assertThat(after.get("level").asText()).isEqualTo("WARN");
      }
    } finally {
      p.destroyForcibly();
    }
  }

  /** A directory holding RocksDB's JNI library for this platform, copied out of its jar. */
  private Path rocksLibraryDir() throws Exception {
    String name = org.rocksdb.util.Environment.getJniLibraryFileName("rocksdb");
    Path dir = Files.createDirectories(tmp.resolve("lib"));
    try (InputStream in = org.rocksdb.RocksDB.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      Files.copy(in, dir.resolve(name));
    }
    return dir;
  }
}
