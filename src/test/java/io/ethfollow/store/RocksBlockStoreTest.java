package io.ethfollow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksBlockStoreTest {
  private static final ChainFixture CHAIN = ChainFixture.build(200, 1);
  private static final ChainIdentity ID = CHAIN.identity("fixture", 1337);

  @TempDir Path dir;

  private RocksBlockStore open() {
    return RocksBlockStore.open(dir, ID, StoreOptions.forTests());
  }

  @Test
  void shouldReadBackEveryPartOfAWrittenBlockIncludingTxIndex() {
    try (RocksBlockStore store = open()) {
      store.setSyncStart(0);
      BlockData b = CHAIN.block(0);
      store.writeBlock(b);

      assertThat(store.header(b.hash())).contains(b.header());
      assertThat(store.header(0)).contains(b.header());
      assertThat(store.headerRlp(b.hash()).orElseThrow()).isEqualTo(b.header().rlp());
      assertThat(store.canonicalHash(0)).contains(b.hash());
      assertThat(store.body(b.hash()).orElseThrow()).isEqualTo(b.body());
      assertThat(store.receipts(b.hash()).orElseThrow()).isEqualTo(b.receipts());
      for (int i = 0; i < b.txHashes().size(); i++) {
        assertThat(store.transaction(b.txHashes().get(i))).contains(new TxLocation(0, i));
      }
      assertThat(store.localHead()).contains(new BlockRef(0, b.hash()));
      assertThat(store.contiguousHead()).hasValue(0);
      assertThat(store.identity()).isEqualTo(ID);

      assertThat(store.header(1)).isEmpty();
      assertThat(store.body(CHAIN.block(1).hash())).isEmpty();
      assertThat(store.transaction(CHAIN.block(1).txHashes().get(0))).isEmpty();
    }
  }

  @Test
  void shouldNotIndexTransactionsWhenTxIndexIsOff() {
    try (RocksBlockStore store =
        RocksBlockStore.open(dir, ID, StoreOptions.forTests().withTxIndex(false))) {
      store.setSyncStart(0);
      store.writeBlock(CHAIN.block(0));
      assertThat(store.transaction(CHAIN.block(0).txHashes().get(0))).isEmpty();
      assertThat(store.body(CHAIN.block(0).hash())).isPresent();
    }
  }

  @Test
  void shouldAdvanceContiguousHeadOnlyWhenTheHoleFills() {
    try (RocksBlockStore store = open()) {
      store.setSyncStart(10);
      store.writeBlocks(CHAIN.range(30, 39));
      assertThat(store.contiguousHead()).isEmpty();
      assertThat(store.localHead()).contains(new BlockRef(39, CHAIN.block(39).hash()));

      store.writeBlocks(CHAIN.range(10, 19));
      assertThat(store.contiguousHead()).hasValue(19);
      assertThat(store.completedRanges().ranges())
          .containsExactly(new BlockRange(10, 19), new BlockRange(30, 39));
      assertThat(store.completedRanges().missingWithin(10, 45))
          .containsExactly(new BlockRange(20, 29), new BlockRange(40, 45));

      List<BlockData> hole = new ArrayList<>(CHAIN.range(20, 29));
      Collections.shuffle(hole, new Random(7));
      for (BlockData b : hole.subList(0, 9)) {
        store.writeBlock(b);
        assertThat(store.contiguousHead()).hasValue(store.completedRanges()
            .rangeContaining(10).orElseThrow().to());
        assertThat(store.contiguousHead().getAsLong()).isLessThan(39);
      }
      store.writeBlock(hole.get(9));
      assertThat(store.contiguousHead()).hasValue(39);
      assertThat(store.completedRanges().ranges()).containsExactly(new BlockRange(10, 39));
    }
  }

  @Test
  void shouldGiveBackIdenticalRangesHeadsAndDataAfterRestart() {
    RangeSet ranges;
    try (RocksBlockStore store = open()) {
      store.setSyncStart(5);
      store.writeBlocks(CHAIN.range(5, 50));
      store.writeBlocks(CHAIN.range(70, 80));
      store.writeBlock(CHAIN.block(100));
      store.putPeer(new byte[] {1, 2}, new byte[] {9});
      ranges = store.completedRanges();
    }
    try (RocksBlockStore store = open()) {
      assertThat(store.syncStart()).hasValue(5);
      assertThat(store.completedRanges()).isEqualTo(ranges);
      assertThat(store.contiguousHead()).hasValue(50);
      assertThat(store.localHead()).contains(new BlockRef(100, CHAIN.block(100).hash()));
      for (BlockRange r : ranges.ranges()) {
        for (long n = r.from(); n <= r.to(); n++) {
          BlockData b = CHAIN.block(n);
          assertThat(store.header(n)).contains(b.header());
          assertThat(store.body(b.hash()).orElseThrow()).isEqualTo(b.body());
          assertThat(store.receipts(b.hash()).orElseThrow()).isEqualTo(b.receipts());
        }
      }
      assertThat(store.peer(new byte[] {1, 2}).orElseThrow()).containsExactly(9);
      assertThat(store.peers()).hasSize(1);
    }
  }

  @Test
  void shouldRemoveExactlyTheTipOnRollback() {
    try (RocksBlockStore store = open()) {
      store.setSyncStart(0);
      store.writeBlocks(CHAIN.range(0, 60));
      store.rollbackTo(49);

      assertThat(store.localHead()).contains(new BlockRef(49, CHAIN.block(49).hash()));
      assertThat(store.contiguousHead()).hasValue(49);
      assertThat(store.completedRanges().ranges()).containsExactly(new BlockRange(0, 49));
      for (long n = 0; n <= 49; n++) {
        BlockData b = CHAIN.block(n);
        assertThat(store.header(n)).contains(b.header());
        assertThat(store.body(b.hash())).isPresent();
        assertThat(store.transaction(b.txHashes().get(2))).contains(new TxLocation(n, 2));
      }
      for (long n = 50; n <= 60; n++) {
        BlockData b = CHAIN.block(n);
        assertThat(store.canonicalHash(n)).isEmpty();
        assertThat(store.headerRlp(b.hash())).isEmpty();
        assertThat(store.body(b.hash())).isEmpty();
        assertThat(store.receipts(b.hash())).isEmpty();
        for (Hash tx : b.txHashes()) {
          assertThat(store.transaction(tx)).isEmpty();
        }
      }
    }
    try (RocksBlockStore store = open()) {
      assertThat(store.completedRanges().ranges()).containsExactly(new BlockRange(0, 49));
      assertThat(store.canonicalHash(50)).isEmpty();
    }
  }

  @Test
  void shouldStoreTheOtherForkAfterRollbackAndRefuseItWithout() {
    ChainFixture fork = CHAIN.forkAt(40, 50, 2);
    try (RocksBlockStore store = open()) {
      store.setSyncStart(0);
      store.writeBlocks(CHAIN.range(0, 45));
      assertThatThrownBy(() -> store.writeBlock(fork.block(41)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("roll back");
      assertThat(store.header(41)).contains(CHAIN.block(41).header());

      store.rollbackTo(40);
      store.writeBlocks(fork.range(41, 49));
      assertThat(store.localHead()).contains(new BlockRef(49, fork.block(49).hash()));
      assertThat(store.header(41).orElseThrow().parentHash()).isEqualTo(CHAIN.block(40).hash());
      assertThat(store.contiguousHead()).hasValue(49);
    }
  }

  @Test
  void shouldRefuseRollbackBelowTheSyncStart() {
    try (RocksBlockStore store = open()) {
      store.setSyncStart(20);
      store.writeBlocks(CHAIN.range(20, 30));
      assertThatThrownBy(() -> store.rollbackTo(19))
          .isInstanceOf(RollbackRefusedException.class)
          .hasMessageContaining("below the sync start 20");
      assertThat(store.completedRanges().ranges()).containsExactly(new BlockRange(20, 30));
      store.rollbackTo(20);
      assertThat(store.localHead()).contains(new BlockRef(20, CHAIN.block(20).hash()));
      store.rollbackTo(25); // nothing above 20 any more: no-op
      assertThat(store.completedRanges().ranges()).containsExactly(new BlockRange(20, 20));
    }
  }

  @Test
  void shouldRefuseBlocksBeforeASyncStartIsSet() {
    try (RocksBlockStore store = open()) {
      assertThatThrownBy(() -> store.writeBlock(CHAIN.block(0)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("sync start");
    }
  }

  @Test
  void shouldServeHeadersLikeGetBlockHeaders() {
    try (RocksBlockStore store = open()) {
      store.setSyncStart(0);
      store.writeBlocks(CHAIN.range(0, 30));
      store.writeBlocks(CHAIN.range(40, 50)); // hole 31..39

      assertThat(numbers(store.headers(HeaderQuery.byNumber(10, 5, 0, false), 1024)))
          .containsExactly(10L, 11L, 12L, 13L, 14L);
      assertThat(numbers(store.headers(HeaderQuery.byNumber(10, 4, 2, false), 1024)))
          .containsExactly(10L, 13L, 16L, 19L);
      assertThat(numbers(store.headers(HeaderQuery.byNumber(10, 5, 1, true), 1024)))
          .containsExactly(10L, 8L, 6L, 4L, 2L);
      // Reverse stops at genesis instead of wrapping below zero.
      assertThat(numbers(store.headers(HeaderQuery.byNumber(3, 10, 0, true), 1024)))
          .containsExactly(3L, 2L, 1L, 0L);
      // Forward stops at the first missing block, even though later ones exist.
      assertThat(numbers(store.headers(HeaderQuery.byNumber(28, 20, 0, false), 1024)))
          .containsExactly(28L, 29L, 30L);
      // A skip that jumps over the hole lands on stored blocks.
      assertThat(numbers(store.headers(HeaderQuery.byNumber(30, 3, 9, false), 1024)))
          .containsExactly(30L, 40L, 50L);
      // The cap wins over the requested amount.
      assertThat(store.headers(HeaderQuery.byNumber(0, 1000, 0, false), 7)).hasSize(7);
      // Missing origin: empty answer.
      assertThat(store.headers(HeaderQuery.byNumber(35, 5, 0, false), 1024)).isEmpty();
      assertThat(store.headers(HeaderQuery.byNumber(0, 0, 0, false), 1024)).isEmpty();
      // By hash.
      Hash h = CHAIN.block(45).hash();
      assertThat(numbers(store.headers(HeaderQuery.byHash(h, 3, 0, true), 1024)))
          .containsExactly(45L, 44L, 43L);
      assertThat(store.headers(HeaderQuery.byHash(CHAIN.block(35).hash(), 3, 0, false), 1024))
          .isEmpty();
      assertThat(numbers(store.headers(HeaderQuery.byNumber(48, 5, Long.MAX_VALUE, false), 10)))
          .containsExactly(48L);
    }
  }

  @Test
  void shouldWalkTheCanonicalChainInNumberOrderWithRawBytes() {
    try (RocksBlockStore store = open()) {
      store.setSyncStart(0);
      store.writeBlocks(CHAIN.range(0, 9));
      store.writeBlocks(CHAIN.range(15, 19));
      List<Long> seen = new ArrayList<>();
      store.forEachCanonical(5, block -> {
        BlockData b = CHAIN.block(block.number());
        assertThat(block.hash()).isEqualTo(b.hash());
        assertThat(block.header()).isEqualTo(b.header().rlp());
        assertThat(block.body()).isEqualTo(b.body());
        assertThat(block.receipts()).isEqualTo(b.receipts());
        seen.add(block.number());
        return block.number() < 17;
      });
      assertThat(seen).containsExactly(5L, 6L, 7L, 8L, 9L, 15L, 16L, 17L);
    }
  }

  @Test
  void shouldReportNonZeroStatsRightAfterWrites() {
    try (RocksBlockStore store = open()) {
      store.setSyncStart(0);
      store.writeBlocks(CHAIN.range(0, 99));
      StoreStats stats = store.stats();
      assertThat(stats.blocks()).isEqualTo(100);
      assertThat(stats.totalBytes()).isPositive();
      assertThat(stats.identity()).isEqualTo(ID);
      assertThat(stats.schemaVersion()).isEqualTo(StoreSchema.VERSION);
      assertThat(stats.completedRanges()).containsExactly(new BlockRange(0, 99));
      StoreStats.ColumnFamilyStats bodies = stats.columnFamilies().stream()
          .filter(cf -> cf.name().equals("bodies")).findFirst().orElseThrow();
      assertThat(bodies.bytes()).isPositive();
      assertThat(stats.columnFamilies()).extracting(StoreStats.ColumnFamilyStats::name)
          .containsAll(StoreSchema.FAMILIES);

      store.flush(); // after a flush the bytes are in SST files
      StoreStats flushed = store.stats();
      StoreStats.ColumnFamilyStats headers = flushed.columnFamilies().stream()
          .filter(cf -> cf.name().equals("headers")).findFirst().orElseThrow();
      assertThat(headers.sstBytes()).isPositive();
    }
  }

  @Test
  void shouldRejectWritesAndCallsAfterCloseWithStoreException() {
    RocksBlockStore store = open();
    store.close();
    store.close(); // idempotent
    assertThatThrownBy(() -> store.header(0))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
  }

  private static List<Long> numbers(List<BlockHeader> headers) {
    List<Long> out = new ArrayList<>();
    for (BlockHeader h : headers) {
      out.add(h.number());
    }
    return out;
  }
}
