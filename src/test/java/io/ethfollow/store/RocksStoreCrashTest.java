package io.ethfollow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.BlockHeader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the writing process must neither lose an acknowledged batch nor leave a checkpoint
 * that claims a block which is not fully stored.
 */
class RocksStoreCrashTest {
  /** Kill after this many acknowledged chunks: well into the run, far from its end. */
  private static final int ACKS_BEFORE_KILL = 120;

  @TempDir Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldKeepEveryAcknowledgedBatchAndNoPartialOneAfterKillDashNine() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath,
        StoreCrashWriter.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    RangeSet acknowledged = RangeSet.EMPTY;
    int acks = 0;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          String[] parts = line.split(" ");
          acknowledged = acknowledged.with(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
          if (++acks == ACKS_BEFORE_KILL) {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no flush
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(acks).as("child acknowledged enough writes before the kill").isEqualTo(ACKS_BEFORE_KILL);

    ChainFixture chain = ChainFixture.build(StoreCrashWriter.CHAIN_LENGTH, StoreCrashWriter.CHAIN_SEED);
    try (RocksBlockStore store =
        RocksBlockStore.open(dir, chain.identity("crash", 7), StoreOptions.forTests())) {
      RangeSet ranges = store.completedRanges();
      // Nothing acknowledged is lost.
      for (BlockRange r : acknowledged.ranges()) {
        assertThat(ranges.containsAll(r.from(), r.to())).as("acknowledged %s kept", r).isTrue();
      }
      // The kill landed mid-run, not after the last write.
      assertThat(ranges.blockCount()).isLessThan(StoreCrashWriter.CHAIN_LENGTH);
      // Every block the checkpoint claims is fully there, and nothing else is canonical.
      List<Long> canonicalNumbers = new ArrayList<>();
      store.forEachCanonical(0, b -> {
        canonicalNumbers.add(b.number());
        BlockData expected = chain.block(b.number());
        assertThat(b.header()).isEqualTo(expected.header().rlp());
        assertThat(b.body()).isEqualTo(expected.body());
        assertThat(b.receipts()).isEqualTo(expected.receipts());
        return true;
      });
      assertThat((long) canonicalNumbers.size()).isEqualTo(ranges.blockCount());
      for (long n : canonicalNumbers) {
        assertThat(ranges.contains(n)).isTrue();
      }
      for (BlockRange r : ranges.ranges()) {
        for (long n = r.from() + 1; n <= r.to(); n++) {
          Optional<BlockHeader> h = store.header(n);
          assertThat(h).isPresent();
          assertThat(h.get().parentHash()).isEqualTo(store.canonicalHash(n - 1).orElseThrow());
          assertThat(store.transaction(chain.block(n).txHashes().get(0)))
              .contains(new TxLocation(n, 0));
        }
      }
      // It resumes: the missing work is exactly what was never completed.
      long missing = 0;
      for (BlockRange r : ranges.missingWithin(0, StoreCrashWriter.CHAIN_LENGTH - 1)) {
        missing += r.size();
      }
      assertThat(missing + ranges.blockCount()).isEqualTo(StoreCrashWriter.CHAIN_LENGTH);
    }
  }
}
