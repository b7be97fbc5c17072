package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.store.RocksBlockStore;
import io.ethfollow.store.SstFileCheck;
import io.ethfollow.testing.SyntheticChain;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe of issue 10 point 3, as a test: a daemon (child JVM) whose store has a damaged bodies
 * data block is asked for those bodies by a peer (`ethfollow peer check` over real RLPx on
 * 127.0.0.1), twice. It answers as if the blocks were missing and keeps running; the damage is
 * logged once per block, counted in /status and makes /health 503. And a daemon whose first
 * compaction reads the damaged file stops once, with the reason and the repair command.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DamagedStoreServingOverLoopbackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LENGTH = 40;

  /** Inside the first data block of the file (the index and footer are at its end). */
  private static final long DAMAGE_OFFSET = 64;

  @TempDir Path tmp;

  /** Writes the chain's store to {@code data}, damages its bodies file, returns the file name. */
  private static String damagedStore(SyntheticChain chain, Path data) throws Exception {
    chain.writeStore(data);
    String file;
    try (RocksBlockStore store = RocksBlockStore.openExisting(data, true)) {
      file = store.checkFiles().stream().filter(f -> f.family().equals("bodies"))
          .map(SstFileCheck::file).findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(data.resolve(file).toFile(), "rw")) {
      f.seek(DAMAGE_OFFSET);
      f.write(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
    }
    return file;
  }

  @Test
  void aCompactionOverTheDamagedFileStopsTheDaemonOnceWithTheRepairCommand() throws Exception {
    SyntheticChain chain = SyntheticChain.of(LENGTH);
    Path genesis = chain.writeGenesis(tmp);
    Path data = tmp.resolve("compacting");
    String file = damagedStore(chain, data);
    io.ethfollow.store.PendingCompaction.stack(data, 4);
    List<String> args = new ArrayList<>(
        List.of("run", "--genesis", genesis.toString(), "--data-dir", data.toString()));
    args.addAll(ChildDaemon.LOOPBACK);
    ChildDaemon daemon = ChildDaemon.start(tmp, "compacting", args.toArray(new String[0]));
    try {
      JsonNode failed = daemon.awaitEvent("store_failed");
      assertThat(failed.get("msg").asText()).contains("store refuses writes").contains(file)
          .contains("ethfollow db repair --data-dir " + data);
      assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(daemon.process().exitValue()).isEqualTo(1);
      assertThat(daemon.lines().stream().filter(l -> l.contains("\"store_background_error\"")))
          .hasSize(1);
      assertThat(daemon.lines().stream().filter(l -> l.contains("\"store_failed\""))).hasSize(1);
    } finally {
      daemon.process().destroyForcibly();
    }
  }

  @Test
  void peersAskingForADamagedBlockGetNothingAndTheDaemonKeepsServing() throws Exception {
    SyntheticChain chain = SyntheticChain.of(LENGTH);
    Path genesis = chain.writeGenesis(tmp);
    Path data = tmp.resolve("server");
    String file = damagedStore(chain, data);
    List<String> args = new ArrayList<>(
        List.of("run", "--genesis", genesis.toString(), "--data-dir", data.toString()));
    args.addAll(ChildDaemon.LOOPBACK);
    ChildDaemon server = ChildDaemon.start(tmp, "server", args.toArray(new String[0]));
    try {
      JsonNode started = server.awaitEvent("started");
      String enode = started.get("enode").asText();
      String statusUrl = started.get("status").asText();
      for (int round = 0; round < 2; round++) {
        CliRunner.Result r = CliRunner.run("peer", "check", "--peer", enode, "--genesis",
            genesis.toString(), "--timeout", "10s");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("verified").get("headers").asLong()).isEqualTo(LENGTH);
        // Bodies we lack are left out of the answer (keeping request order), so the checker sees
        // a short or shifted list: a problem in the bodies phase, never a dead server.
        assertThat(report.get("problems").toString()).contains("\"request\":\"bodies\"");
        assertThat(server.process().isAlive()).as(server.stderr()).isTrue();
      }
      HttpClient http = HttpClient.newHttpClient();
      JsonNode status = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        status = JSON.readTree(get(http, statusUrl).body());
        if (status.path("storage").path("damagedEntries").asLong() > 0) {
          break;
        }
        Thread.sleep(200);
      }
      long damaged = status.get("storage").get("damagedEntries").asLong();
      assertThat(damaged).as(status.toString()).isPositive();
      HttpResponse<String> health = get(http, statusUrl.replace("/status", "/health"));
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("damaged").contains("ethfollow db repair");
      // Two peers asked for the same bodies: each damaged one was logged once.
      List<String> keys = new ArrayList<>();
      for (String line : server.lines()) {
        JsonNode n = JSON.readTree(line);
        if (n.path("event").asText().equals("store_damaged")) {
          assertThat(n.get("file").asText()).isEqualTo(file);
          keys.add(n.get("key").asText());
        }
      }
      assertThat(keys).doesNotHaveDuplicates().hasSize((int) damaged);
      assertThat(server.lines()).noneMatch(l -> l.contains("fatal_error"));
    } finally {
      server.process().destroy();
      server.process().waitFor(15, TimeUnit.SECONDS);
      server.process().destroyForcibly();
    }
  }

  @Test
  void aRepairedStoreGetsItsDroppedBlocksBackFromAPeerWithoutAResync() throws Exception {
    SyntheticChain chain = SyntheticChain.of(LENGTH);
    Path genesis = chain.writeGenesis(tmp);
    Path serverData = tmp.resolve("healthy");
    chain.writeStore(serverData);
    Path data = tmp.resolve("repaired");
    damagedStore(chain, data);
    CliRunner.Result repair = CliRunner.run("db", "repair", "--data-dir", data.toString());
    assertThat(repair.exitCode()).as(repair.err()).isZero();
    JsonNode rep = JSON.readTree(repair.out());
    long dropped = rep.get("blocksDropped").asLong();
    assertThat(dropped).isPositive();

    List<String> serverArgs = new ArrayList<>(
        List.of("run", "--genesis", genesis.toString(), "--data-dir", serverData.toString()));
    serverArgs.addAll(ChildDaemon.LOOPBACK);
    ChildDaemon server = ChildDaemon.start(tmp, "healthy", serverArgs.toArray(new String[0]));
    ChildDaemon follower = null;
    try {
      String enode = server.awaitEvent("started").get("enode").asText();
      List<String> args = new ArrayList<>(List.of("run", "--genesis", genesis.toString(),
          "--data-dir", data.toString(), "--static-peers", enode));
      args.addAll(ChildDaemon.LOOPBACK);
      follower = ChildDaemon.start(tmp, "repaired", args.toArray(new String[0]));
      String statusUrl = follower.awaitEvent("started").get("status").asText();
      HttpClient http = HttpClient.newHttpClient();
      JsonNode status = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        status = JSON.readTree(get(http, statusUrl).body());
        if (status.path("contiguousHead").asLong(-1) == LENGTH) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(status.path("contiguousHead").asLong(-1)).as(status.toString()).isEqualTo(LENGTH);
    } finally {
      if (follower != null) {
        follower.process().destroy();
        follower.process().waitFor(15, TimeUnit.SECONDS);
        follower.process().destroyForcibly();
      }
      server.process().destroy();
      server.process().waitFor(15, TimeUnit.SECONDS);
      server.process().destroyForcibly();
    }
    CliRunner.Result verify = CliRunner.run("verify", "--data-dir", data.toString());
    assertThat(verify.exitCode()).as(verify.out()).isZero();
    assertThat(JSON.readTree(verify.out()).get("blocks").asLong()).isEqualTo(LENGTH + 1);
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
