package io.ethfollow.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A reader running next to the writer never observes half of a batch. */
class RocksStoreAtomicityTest {
  private static final int BLOCKS = 3_000;
  /** Big batches make a torn write likely to be seen if writes were not atomic. */
  private static final int BATCH = 150;

  @TempDir Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldNeverShowACheckpointCoveringAMissingBlockOrACanonicalEntryWithoutData()
      throws Exception {
    ChainFixture chain = ChainFixture.build(BLOCKS, 5);
    try (RocksBlockStore store =
        RocksBlockStore.open(dir, chain.identity("atomic", 9), StoreOptions.forTests())) {
      store.setSyncStart(0);
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong checks = new AtomicLong();
      CountDownLatch readerStarted = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        readerStarted.countDown();
        try {
          while (writing.get() || checks.get() == 0) {
            checkConsistent(store, chain);
            checks.incrementAndGet();
          }
          checkConsistent(store, chain);
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "store-reader");
      reader.start();
      readerStarted.await();

      List<Long> starts = new ArrayList<>();
      for (long s = 0; s < BLOCKS; s += BATCH) {
        starts.add(s);
      }
      Collections.shuffle(starts, new Random(1));
      for (long s : starts) {
        store.writeBlocks(chain.range(s, s + BATCH - 1));
      }
      writing.set(false);
      reader.join();

      assertThat(failure.get()).as("reader saw a torn write").isNull();
      assertThat(checks.get()).isPositive();
      assertThat(store.contiguousHead()).hasValue(BLOCKS - 1);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldShowEitherTheWholeTipOrNoneOfItWhileRollingBack() throws Exception {
    ChainFixture chain = ChainFixture.build(400, 6);
    long keep = 199;
    long tip = 399;
    try (RocksBlockStore store =
        RocksBlockStore.open(dir, chain.identity("rollback", 9), StoreOptions.forTests())) {
      store.setSyncStart(0);
      store.writeBlocks(chain.range(0, tip));
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong walks = new AtomicLong();
      Thread reader = new Thread(() -> {
        try {
          while (running.get()) {
            List<Long> seen = new ArrayList<>();
            store.forEachCanonical(0, b -> {
              if (b.header() == null || b.body() == null || b.receipts() == null) {
                throw new AssertionError("canonical entry " + b.number() + " without its data");
              }
              seen.add(b.number());
              return true;
            });
            long top = seen.get(seen.size() - 1);
            if ((top != keep && top != tip) || seen.size() != top + 1) {
              throw new AssertionError("saw a partial rollback: top " + top + ", " + seen.size()
                  + " blocks");
            }
            walks.incrementAndGet();
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "store-reader");
      reader.start();
      for (int round = 0; round < 20 && failure.get() == null; round++) {
        store.rollbackTo(keep);
        store.writeBlocks(chain.range(keep + 1, tip));
      }
      running.set(false);
      reader.join();
      assertThat(failure.get()).as("reader saw a partial rollback").isNull();
      assertThat(walks.get()).isPositive();
    }
  }

  /**
   * Checkpoint first, then blocks: every block it claims must be there. Canonical entries first,
   * then checkpoint: every entry seen must be claimed and have its header.
   */
  private static void checkConsistent(RocksBlockStore store, ChainFixture chain) {
    RangeSet persisted = store.persistedRanges();
    RangeSet published = store.completedRanges();
    for (BlockRange r : persisted.ranges()) {
      for (long n = r.from(); n <= r.to(); n++) {
        BlockData b = chain.block(n);
        if (store.canonicalHash(n).isEmpty()
            || store.headerRlp(b.hash()).isEmpty()
            || store.body(b.hash()).isEmpty()
            || store.receipts(b.hash()).isEmpty()
            || store.transaction(b.txHashes().get(b.txHashes().size() - 1)).isEmpty()) {
          throw new AssertionError("checkpoint claims block " + n + " which is not fully stored");
        }
      }
    }
    for (BlockRange r : published.ranges()) {
      if (store.canonicalHash(r.from()).isEmpty() || store.canonicalHash(r.to()).isEmpty()) {
        throw new AssertionError("published range " + r + " ahead of the data");
      }
    }
    List<Long> canonical = new ArrayList<>();
    store.forEachCanonical(0, b -> {
      if (b.header() == null || b.body() == null || b.receipts() == null) {
        throw new AssertionError("canonical entry " + b.number() + " without its data");
      }
      canonical.add(b.number());
      return true;
    });
    RangeSet after = store.persistedRanges();
    for (long n : canonical) {
      if (!after.contains(n)) {
        throw new AssertionError("block " + n + " visible but not in the checkpoint");
      }
    }
  }
}
