package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.app.DevnetHarness.Producer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over 127.0.0.1 with real processes: `devnet init` a small-profile chain with one-second
 * blocks, start `devnet serve` producers (child JVMs) and an `ethfollow run` daemon (child JVM) that
 * syncs from them, watch it through `/status` and `/health` and its JSON log, stop it with SIGTERM,
 * then check its store with `ethfollow verify` and against a producer's store. Every child is killed
 * in {@link #killChildren()}, whatever happened.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DevnetEndToEndTest {
  private static final Duration MINUTE = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private DevnetHarness net;

  @AfterEach
  void killChildren() throws Exception {
    if (net != null) {
      net.killAll();
    }
  }

  /**
   * 4,000 prefilled blocks (more than the 1,024 that follow mode would catch up in order): the daemon
   * fast-syncs to the target three producers agree on, then follows the one-second head.
   */
  @Test
  void fastSyncsAPrefilledChainThenFollowsTheHead() throws Exception {
    net = new DevnetHarness(tmp);
    Path genesis = net.init(31, 1000, 4000);
    List<Producer> producers = net.producers(genesis, null, null, null);
    Path data = tmp.resolve("follower");
    ChildDaemon daemon = net.daemon("follower", genesis, data, producers);
    String url = DevnetHarness.statusUrl(daemon);

    JsonNode fast = net.awaitStatus(daemon, url, "in fast-sync", s -> "fast-sync".equals(s.path("mode").asText()), MINUTE);
    long target = fast.get("fastSync").get("target").asLong();
    assertThat(target).as(fast.toString()).isGreaterThan(4000 - 64 - 1).isLessThan(4200);
    assertThat(fast.get("fastSync").get("remaining").asLong()).isBetween(0L, target);
    JsonNode mode = DevnetHarness.awaitEvent(daemon, "sync_mode", n -> "fast-sync".equals(n.path("mode").asText()), MINUTE);
    assertThat(mode.get("from").asLong()).isEqualTo(1); // genesis is the anchor
    assertThat(mode.get("target").asLong()).isEqualTo(target);
    assertThat(mode.get("blocks").asLong()).isEqualTo(target);

    net.awaitStatus(daemon, url, "following", s -> "follow".equals(s.path("mode").asText()), MINUTE);
    assertThat(DevnetHarness.events(daemon, "fast_sync_done")).hasSize(1);
    JsonNode last = net.assertFollowsTheHead(daemon, url, 5, MINUTE);
    assertThat(last.get("contiguousHead").asLong()).isEqualTo(last.get("localHead").get("number").asLong());

    DevnetHarness.stopCleanly(daemon);
    JsonNode verified = DevnetHarness.verify(data);
    long head = verified.get("lastBlock").asLong();
    assertThat(verified.get("firstBlock").asLong()).isZero();
    assertThat(verified.get("blocks").asLong()).isEqualTo(head + 1);
    assertThat(verified.get("contiguousHead").asLong()).isEqualTo(head);
    assertThat(head).isGreaterThanOrEqualTo(last.get("localHead").get("number").asLong());
    assertSameHeadAsAProducer(data, producers.get(0));
  }

  /**
   * A reorg every 10 blocks replacing the last 3: the daemon, following from block 0 (200 prefilled
   * blocks: close enough to follow in order), rolls back at least once and ends on the producers'
   * canonical chain.
   */
  @Test
  void followsThroughReorgsAndEndsOnTheProducersChain() throws Exception {
    net = new DevnetHarness(tmp);
    Path genesis = net.init(32, 1000, 200, "--reorg-every", "10", "--reorg-depth", "3");
    List<Producer> producers = net.producers(genesis, null, null, null);
    Path data = tmp.resolve("follower");
    ChildDaemon daemon = net.daemon("follower", genesis, data, producers);
    String url = DevnetHarness.statusUrl(daemon);

    net.assertFollowsTheHead(daemon, url, 3, MINUTE);
    assertThat(DevnetHarness.events(daemon, "sync_mode")).noneMatch(n -> "fast-sync".equals(n.path("mode").asText()));
    JsonNode reorg = DevnetHarness.awaitEvent(daemon, "reorg", n -> true, Duration.ofSeconds(40));
    long ancestor = reorg.get("ancestor").asLong();
    assertThat((ancestor + 3 + 1) % 10).as(reorg.toString()).isZero(); // common ancestor R − D − 1
    assertThat(reorg.get("depth").asLong()).isBetween(1L, 3L);
    // A head below the next reorg window (its last digit 0..6) is never replaced: stop there.
    JsonNode last = net.awaitStatus(daemon, url, "following past the reorg, at a head no reorg replaces",
        s -> s.path("localHead").path("number").asLong() > ancestor + 3
            && s.path("localHead").path("number").asLong() % 10 <= 6 && s.path("lagBlocks").asLong() <= 2,
        MINUTE);
    assertThat(last.get("mode").asText()).isEqualTo("follow");

    DevnetHarness.stopCleanly(daemon);
    DevnetHarness.verify(data);
    assertSameHeadAsAProducer(data, producers.get(1));
  }

  /**
   * Two honest producers and one that answers a third of the body and receipt requests with data that
   * does not match the header, and some with nothing or not at all: the daemon fast-syncs, follows,
   * and stores only verified blocks.
   */
  @Test
  void syncsPastAFaultyProducer() throws Exception {
    net = new DevnetHarness(tmp);
    Path genesis = net.init(33, 1000, 3000);
    List<Producer> producers = net.producers(genesis, null, null, "invalid:0.3,empty:0.2,timeout:0.1");
    Path data = tmp.resolve("follower");
    ChildDaemon daemon = net.daemon("follower", genesis, data, producers);
    String url = DevnetHarness.statusUrl(daemon);

    DevnetHarness.awaitEvent(daemon, "sync_mode", n -> "fast-sync".equals(n.path("mode").asText()), MINUTE);
    net.awaitStatus(daemon, url, "following", s -> "follow".equals(s.path("mode").asText()), MINUTE);
    net.assertFollowsTheHead(daemon, url, 3, MINUTE);

    DevnetHarness.stopCleanly(daemon);
    JsonNode verified = DevnetHarness.verify(data);
    assertThat(verified.get("firstBlock").asLong()).isZero();
    assertThat(verified.get("blocks").asLong()).isEqualTo(verified.get("lastBlock").asLong() + 1);
    assertSameHeadAsAProducer(data, producers.get(0));
  }

  /**
   * SIGTERM part-way through a fast sync (blocks stored out of order, holes below them): exit 0; the
   * restarted daemon resumes from its contiguous head and plans to write exactly the blocks it lacks.
   */
  @Test
  void aFastSyncStoppedWithSigtermResumesWithoutDownloadingStoredBlocksAgain() throws Exception {
    restartMidFastSync(34, false);
  }

  /** The same after `kill -9`: the store verifies before and after resuming, and the sync completes. */
  @Test
  void aFastSyncKilledWithSigkillResumesFromAStoreThatVerifies() throws Exception {
    restartMidFastSync(35, true);
  }

  /**
   * 6,000 prefilled blocks from three producers that answer every request 50 ms late, so the fast
   * sync lasts long enough to be interrupted with some blocks stored and most still to go.
   */
  private void restartMidFastSync(long seed, boolean sigkill) throws Exception {
    net = new DevnetHarness(tmp);
    Path genesis = net.init(seed, 1000, 6000);
    List<Producer> producers = net.producers(genesis, "slow:50", "slow:50", "slow:50");
    Path data = tmp.resolve("follower");
    ChildDaemon first = net.daemon("first", genesis, data, producers);
    String url = DevnetHarness.statusUrl(first);
    JsonNode mid = net.awaitStatus(first, url, "part-way through the fast sync",
        s -> "fast-sync".equals(s.path("mode").asText()) && s.path("storage").path("blocks").asLong() >= 500
            && s.path("fastSync").path("remaining").asLong() >= 2000,
        MINUTE);
    if (sigkill) {
      DevnetHarness.killHard(first);
    } else {
      DevnetHarness.stopCleanly(first);
    }
    long firstTarget = mid.get("fastSync").get("target").asLong();

    JsonNode stats = DevnetHarness.dbStats(data);
    long contiguous = stats.get("contiguousHead").asLong();
    long storedAbove = 0;
    for (JsonNode r : stats.get("completedRanges")) {
      long from = Math.max(r.get("from").asLong(), contiguous + 1);
      storedAbove += Math.max(0, r.get("to").asLong() - from + 1);
      assertThat(r.get("to").asLong()).isLessThanOrEqualTo(firstTarget);
    }
    assertThat(storedAbove).as("blocks stored above the contiguous head: %s", stats).isPositive();
    assertThat(contiguous).isLessThan(firstTarget - 2000);
    JsonNode before = DevnetHarness.verify(data);
    assertThat(before.get("completedRanges")).isEqualTo(stats.get("completedRanges"));

    ChildDaemon second = net.daemon("second", genesis, data, producers);
    String url2 = DevnetHarness.statusUrl(second);
    JsonNode resumed =
        DevnetHarness.awaitEvent(second, "sync_mode", n -> "fast-sync".equals(n.path("mode").asText()), MINUTE);
    long target = resumed.get("target").asLong();
    System.out.printf("restart (%s): stopped at %s; contiguous head %d, %d blocks stored above it; resumed %s%n",
        sigkill ? "SIGKILL" : "SIGTERM", mid.get("fastSync"), contiguous, storedAbove, resumed);
    assertThat(target).isGreaterThanOrEqualTo(firstTarget);
    assertThat(resumed.get("from").asLong()).isEqualTo(contiguous + 1);
    assertThat(resumed.get("blocks").asLong())
        .as("blocks to write = (target %d − contiguous head %d) − %d stored above it", target, contiguous, storedAbove)
        .isEqualTo(target - contiguous - storedAbove);
    net.awaitStatus(second, url2, "following", s -> "follow".equals(s.path("mode").asText()), Duration.ofSeconds(90));
    net.assertFollowsTheHead(second, url2, 2, MINUTE);

    DevnetHarness.stopCleanly(second);
    JsonNode after = DevnetHarness.verify(data);
    assertThat(after.get("firstBlock").asLong()).isZero();
    assertThat(after.get("blocks").asLong()).isEqualTo(after.get("lastBlock").asLong() + 1);
    assertThat(after.get("lastBlock").asLong()).isGreaterThan(target);
  }

  /** The daemon's stored head is the block an honest producer has at that height (producer stopped first). */
  private static void assertSameHeadAsAProducer(Path data, Producer producer) throws Exception {
    JsonNode stats = DevnetHarness.dbStats(data);
    long number = stats.get("localHead").get("number").asLong();
    DevnetHarness.stopCleanly(producer.child());
    assertThat(DevnetHarness.producerHash(producer, number))
        .as("producer %s's block %d", producer.name(), number)
        .isEqualTo(stats.get("localHead").get("hash").asText());
  }
}
