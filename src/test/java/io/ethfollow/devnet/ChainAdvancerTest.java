package io.ethfollow.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.store.ChainIdentity;
import io.ethfollow.store.RocksBlockStore;
import io.ethfollow.store.StoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer's store follows the schedule: extends, reorganises and steps back onto real RocksDB. */
class ChainAdvancerTest {
  @TempDir Path tmp;

  private final DevnetChain chain = DevnetChainTest.chain(9, Profile.SMALL, new ReorgSchedule(10, 3));

  private RocksBlockStore open(Path dir) {
    ChainIdentity id = new ChainIdentity(chain.spec().genesisHash(), chain.spec().networkId(), "devnet");
    return RocksBlockStore.open(dir, id, StoreOptions.forTests().withTxIndex(false));
  }

  /** Hash of block n on the chain whose head is {@code head}, generated from scratch. */
  private Hash expected(long n, long head) {
    return DevnetChainTest.blocks(chain, head, head).get((int) n - 1).hash();
  }

  private static List<Hash> canonical(RocksBlockStore store) {
    List<Hash> out = new ArrayList<>();
    store.forEachCanonical(0, b -> out.add(b.hash()));
    return out;
  }

  @Test
  void theStoreHoldsExactlyTheChainOfItsHeadAcrossReorgsAndEveryBlockVerifies() {
    try (RocksBlockStore store = open(tmp.resolve("s"))) {
      ChainAdvancer a = new ChainAdvancer(chain, store, Runnable::run, 4, new ChainAdvancer.Listener() {});
      a.advance(45, Long.MAX_VALUE);
      assertThat(a.head().hash()).isEqualTo(expected(45, 45));
      for (long head = 46; head <= 53; head++) {
        a.advance(head, Long.MAX_VALUE);
      }
      List<Hash> stored = canonical(store);
      List<Hash> fresh = new ArrayList<>(List.of(chain.genesis().hash()));
      DevnetChainTest.blocks(chain, 53, 53).forEach(b -> fresh.add(b.hash()));
      assertThat(stored).isEqualTo(fresh);
      BlockHeader[] parent = {null};
      store.forEachCanonical(1, b -> {
        BlockHeader h = BlockHeader.decode(b.header());
        assertThat(BlockVerifier.verify(h, BlockBody.decode(b.body()), ReceiptCodec.decodeEth69(b.receipts())).passed())
            .isTrue();
        if (parent[0] != null) {
          assertThat(BlockVerifier.verifyLink(parent[0], h).passed()).isTrue();
        }
        parent[0] = h;
        return true;
      });
    }
  }

  @Test
  void movingTheHeadBackBelowAReorgPointRestoresTheOldBranch() {
    try (RocksBlockStore store = open(tmp.resolve("s"))) {
      ChainAdvancer a = new ChainAdvancer(chain, store, Runnable::run, 64, new ChainAdvancer.Listener() {});
      a.advance(53, Long.MAX_VALUE);
      a.advance(48, Long.MAX_VALUE); // a stale producer started from a newer prefill
      assertThat(a.head().number()).isEqualTo(48);
      assertThat(a.head().hash()).isEqualTo(expected(48, 48));
      assertThat(store.localHead().orElseThrow().number()).isEqualTo(48);
    }
  }

  @Test
  void aCatchUpIsCutIntoStepsOfAtMostTheGivenSize() {
    try (RocksBlockStore store = open(tmp.resolve("s"))) {
      List<Integer> batches = new ArrayList<>();
      ChainAdvancer a = new ChainAdvancer(chain, store, Runnable::run, 8, new ChainAdvancer.Listener() {
        @Override
        public void onWritten(BlockHeader head, int blocks) {
          batches.add(blocks);
        }
      });
      assertThat(a.advance(100, 30)).isFalse();
      assertThat(a.head().number()).isBetween(30L, 34L); // a reorg window is written whole
      assertThat(batches).allMatch(n -> n <= 8);
      while (!a.advance(100, 30)) {
        assertThat(a.head().number()).isLessThan(100);
      }
      assertThat(a.head().hash()).isEqualTo(expected(100, 100));
    }
  }

  @Test
  void aClonedStoreGrowsOnItsOwnAndLeavesTheOriginalAsItWas() {
    Path original = tmp.resolve("prefill");
    Hash head40;
    try (RocksBlockStore store = open(original)) {
      ChainAdvancer a = new ChainAdvancer(chain, store, Runnable::run, 16, new ChainAdvancer.Listener() {});
      a.advance(40, Long.MAX_VALUE);
      head40 = a.head().hash();
    }
    assertThat(StoreClone.cloneStore(original, tmp.resolve("p1"))).isEqualTo(StoreClone.Method.HARD_LINKS);
    assertThat(StoreClone.cloneStore(original, tmp.resolve("p2"))).isEqualTo(StoreClone.Method.HARD_LINKS);
    try (RocksBlockStore p1 = open(tmp.resolve("p1")); RocksBlockStore p2 = open(tmp.resolve("p2"))) {
      new ChainAdvancer(chain, p1, Runnable::run, 16, new ChainAdvancer.Listener() {}).advance(60, Long.MAX_VALUE);
      new ChainAdvancer(chain, p2, Runnable::run, 16, new ChainAdvancer.Listener() {}).advance(35, Long.MAX_VALUE);
      assertThat(p1.localHead().orElseThrow().number()).isEqualTo(60);
      assertThat(p2.localHead().orElseThrow().number()).isEqualTo(35);
    }
    try (RocksBlockStore store = RocksBlockStore.openExisting(original, true)) {
      assertThat(store.localHead().orElseThrow().hash()).isEqualTo(head40);
      assertThat(canonical(store)).hasSize(41);
    }
  }
}
