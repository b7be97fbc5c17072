package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/devnet.sh}: its syntax, and one short run (100 prefilled blocks, so the daemon
 * follows at once) with ethfollow from the test classpath: the daemon reaches follow mode on the
 * status address the script was given, and SIGINT stops the script (exit 0) and every process it
 * started.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DevnetScriptTest {
  private static final Path SCRIPT = Path.of("scripts/devnet.sh").toAbsolutePath();

  @TempDir Path tmp;
  private Process script;

  @AfterEach
  void killScript() throws Exception {
    if (script != null) {
      List<ProcessHandle> all = script.descendants().toList();
      script.destroyForcibly();
      all.forEach(ProcessHandle::destroyForcibly);
      script.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void scriptIsValidBash() throws Exception {
    Process p = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
  }

  @Test
  void scriptStartsADevnetWhoseDaemonFollowsAndStopsEverythingOnSigint() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path launcher = tmp.resolve("ethfollow");
    Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -Xmx256m -cp '" + cp + "' " + Main.class.getName()
        + " \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    int statusPort = freePort();
    int firstPort = fourFreePorts();
    Path dir = tmp.resolve("devnet");
    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString())
        .redirectOutput(tmp.resolve("script.out").toFile())
        .redirectError(tmp.resolve("script.err").toFile());
    pb.environment().put("ETHFOLLOW", launcher.toString());
    pb.environment().put("DEVNET_DIR", dir.toString());
    pb.environment().put("DEVNET_PREFILL", "100");
    pb.environment().put("DEVNET_BLOCK_TIME", "1000");
    pb.environment().put("DEVNET_PORT", String.valueOf(firstPort));
    pb.environment().put("DEVNET_STATUS_ADDR", "127.0.0.1:" + statusPort);
    pb.environment().put("DEVNET_RPC_ADDR", "127.0.0.1:0");
    pb.environment().put("DEVNET_DURATION", "100"); // a safety net: the test stops it long before
    script = pb.start();

    DevnetHarness net = new DevnetHarness(tmp);
    String url = "http://127.0.0.1:" + statusPort + "/status";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    JsonNode status = null;
    while (System.nanoTime() < deadline) {
      assertThat(script.isAlive()).as("script running; stderr: %s", Files.readString(tmp.resolve("script.err"))).isTrue();
      try {
        status = net.status(url);
        if ("follow".equals(status.path("mode").asText()) && status.path("lagBlocks").asLong(99) <= 2
            && status.path("localHead").path("number").asLong() > 100) {
          break;
        }
      } catch (java.io.IOException notYet) {
        // the daemon is not listening yet
      }
      Thread.sleep(250);
    }
    assertThat(status).as("a status document").isNotNull();
    assertThat(status.get("mode").asText()).as(status.toString()).isEqualTo("follow");
    assertThat(status.get("peers").get("connected").asInt()).isEqualTo(3);
    String out = Files.readString(tmp.resolve("script.out"));
    assertThat(out).contains("curl -s http://127.0.0.1:" + statusPort + "/status")
        .contains("/health").contains("/peers").contains("/metrics").contains(dir.resolve("follower.log").toString());

    List<ProcessHandle> children = script.descendants().toList();
    assertThat(children).hasSizeGreaterThanOrEqualTo(4); // 3 producers and the daemon (and a sleep)
    Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(script.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(script.waitFor(40, TimeUnit.SECONDS)).as("script stopped after SIGINT").isTrue();
    assertThat(script.exitValue()).as(Files.readString(tmp.resolve("script.err"))).isZero();
    for (ProcessHandle child : children) {
      assertThat(child.isAlive()).as("child %s stopped", child.info().commandLine().orElse("?")).isFalse();
    }
    assertThat(Files.readString(dir.resolve("follower.log"))).contains("\"event\":\"stopped\"");
    DevnetHarness.verify(dir.resolve("follower"));
  }

  /** The first of four consecutive free ports (the script's daemon and three producers). */
  private static int fourFreePorts() throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first = freePort();
      if (first > 65000) {
        continue;
      }
      boolean free = true;
      for (int i = 1; i < 4 && free; i++) {
        try (ServerSocket s = new ServerSocket(first + i, 1, java.net.InetAddress.getLoopbackAddress())) {
          free = s.getLocalPort() == first + i;
        } catch (java.io.IOException taken) {
          free = false;
        }
      }
      if (free) {
        return first;
      }
    }
    throw new AssertionError("no four consecutive free ports");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
