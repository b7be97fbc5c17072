package io.ethfollow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.FakeLink;
import io.ethfollow.peer.PeerId;
import io.ethfollow.sim.SimChain;
import io.ethfollow.store.BlockRange;
import io.ethfollow.store.ChainIdentity;
import io.ethfollow.store.RangeSet;
import io.ethfollow.store.RocksBlockStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backward header linking: answers in any order, linked top-down by parent hash only. */
class HeaderLinkerTest {
  static final long BASE = 1_000;
  private final PeerId honest = FakeLink.id(0);
  private final PeerId liar = FakeLink.id(1);
  private final SimChain chain = SimChain.create(BASE, 400, 1_700_000_000_000L);
  private final SimChain other = chain.fork(BASE + 150, "other", 0);

  @TempDir Path dir;
  private RocksBlockStore store;

  @BeforeEach
  void open() {
    store = RocksBlockStore.open(dir, new ChainIdentity(Hash.keccakOf(new byte[] {2}), 9, "linker"));
    store.setSyncStart(BASE);
    store.writeBlock(chain.block(BASE));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Top-down headers of {@code c} from {@code top} to {@code bottom}. */
  private static List<BlockHeader> down(SimChain c, long top, long bottom) {
    List<BlockHeader> out = new ArrayList<>();
    for (long n = top; n >= bottom; n--) {
      out.add(c.header(n));
    }
    return out;
  }

  private HeaderLinker linker(long target, int batch) {
    return new HeaderLinker(store, store.completedRanges(), chain.header(target), BASE + 1,
        chain.header(BASE).hash(), batch);
  }

  @Test
  void answersArrivingBottomFirstAreLinkedOnceTheRangeAboveIs() {
    HeaderLinker l = linker(BASE + 300, 100);
    BlockRange top = l.nextRequest().orElseThrow().range();
    BlockRange middle = l.nextRequest().orElseThrow().range();
    assertThat(top).isEqualTo(new BlockRange(BASE + 200, BASE + 299));
    assertThat(middle).isEqualTo(new BlockRange(BASE + 100, BASE + 199));
    l.onAnswer(middle, honest, down(chain, middle.to(), middle.from()));
    assertThat(l.link().headers()).isEmpty();
    l.onAnswer(top, honest, down(chain, top.to(), top.from()));
    HeaderLinker.Linked linked = l.link();
    assertThat(linked.headers()).hasSize(200);
    assertThat(linked.headers().get(0).number()).isEqualTo(BASE + 299);
    assertThat(l.nextNumber()).isEqualTo(BASE + 99);
    BlockRange last = l.nextRequest().orElseThrow().range();
    assertThat(last).isEqualTo(new BlockRange(BASE + 1, BASE + 99));
    l.onAnswer(last, honest, down(chain, last.to(), last.from()));
    assertThat(l.link().headers()).hasSize(99);
    assertThat(l.done()).isTrue();
    assertThat(l.joinsBelow()).isTrue();
  }

  @Test
  void aPartialAnswerIsLinkedAndTheRestAskedAgain() {
    HeaderLinker l = linker(BASE + 50, 100);
    BlockRange r = l.nextRequest().orElseThrow().range();
    l.onAnswer(r, honest, down(chain, BASE + 49, BASE + 30));
    assertThat(l.link().headers()).hasSize(20);
    assertThat(l.nextRequest().orElseThrow()).isEqualTo(new HeaderLinker.Request(new BlockRange(BASE + 1, BASE + 29), honest));
  }

  /** Headers of another branch do not link: nothing of them is linked, the sender is named, the range is asked again. */
  @Test
  void headersThatDoNotLinkNameTheirSenderAndAreAskedAgain() {
    HeaderLinker l = linker(BASE + 300, 200);
    BlockRange r = l.nextRequest().orElseThrow().range();
    l.onAnswer(r, liar, down(other, r.to(), r.from()));
    HeaderLinker.Linked linked = l.link();
    assertThat(linked.liars()).containsExactly(liar);
    assertThat(linked.headers()).isEmpty(); // above the fork point every header differs from ours
    assertThat(l.nextRequest().orElseThrow()).isEqualTo(new HeaderLinker.Request(r, liar)); // asked again, the liar last
    l.onAnswer(r, honest, down(chain, r.to(), r.from()));
    assertThat(l.link().headers()).hasSize((int) r.size());
  }

  /** Blocks an earlier run stored are skipped when asking and checked (not trusted blindly) when linking. */
  @Test
  void storedBlocksAreSkippedAndCheckedAgainstTheChainAbove() {
    List<io.ethfollow.store.BlockData> earlier = new ArrayList<>();
    for (long n = BASE + 100; n <= BASE + 199; n++) {
      earlier.add(chain.block(n));
    }
    store.writeBlocks(earlier);
    HeaderLinker l = linker(BASE + 300, 1_000);
    BlockRange above = l.nextRequest().orElseThrow().range();
    BlockRange below = l.nextRequest().orElseThrow().range();
    assertThat(above).isEqualTo(new BlockRange(BASE + 200, BASE + 299));
    assertThat(below).isEqualTo(new BlockRange(BASE + 1, BASE + 99));
    l.onAnswer(below, honest, down(chain, below.to(), below.from()));
    l.onAnswer(above, honest, down(chain, above.to(), above.from()));
    assertThat(l.link().headers()).hasSize(199);
    assertThat(l.done()).isTrue();
    assertThat(l.storedMismatch()).isFalse();
  }

  @Test
  void storedBlocksOfAnotherBranchStopTheLinking() {
    List<io.ethfollow.store.BlockData> earlier = new ArrayList<>();
    for (long n = BASE + 160; n <= BASE + 199; n++) {
      earlier.add(other.block(n));
    }
    store.writeBlocks(earlier);
    HeaderLinker l = linker(BASE + 300, 1_000);
    BlockRange above = l.nextRequest().orElseThrow().range();
    l.onAnswer(above, honest, down(chain, above.to(), above.from()));
    l.link();
    assertThat(l.storedMismatch()).isTrue();
    assertThat(l.nextNumber()).isEqualTo(BASE + 199);
  }

  @Test
  void aChainThatDoesNotJoinTheStoredBlockBelowIsReported() {
    HeaderLinker l = new HeaderLinker(store, RangeSet.EMPTY, chain.header(BASE + 20), BASE + 1,
        Hash.keccakOf(new byte[] {9}), 100);
    BlockRange r = l.nextRequest().orElseThrow().range();
    l.onAnswer(r, honest, down(chain, r.to(), r.from()));
    l.link();
    assertThat(l.done()).isTrue();
    assertThat(l.joinsBelow()).isFalse();
  }
}
