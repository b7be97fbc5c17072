package io.ethfollow.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.chain.Transaction;
import io.ethfollow.chain.VerificationReport;
import io.ethfollow.store.BlockData;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The generator: deterministic per seed, and every block passes the verifier the follower runs. */
class DevnetChainTest {
  /** A fixed genesis time so hashes do not depend on when the test runs. */
  static final long GENESIS_TIME = 1_750_000_000L;

  static DevnetChain chain(long seed, Profile profile, ReorgSchedule reorgs) {
    DevnetParams p = new DevnetParams(seed, profile, 12_000, GENESIS_TIME, reorgs);
    return DevnetGenesis.parse(
        DevnetGenesis.json(DevnetGenesis.defaultChainId(seed), p).getBytes(), "devnet");
  }

  static List<BlockData> blocks(DevnetChain c, long to, long head) {
    return c.blocks(c.genesis(), to, head, Runnable::run);
  }

  /** Decodes what would be stored and runs every check the follower and `verify` run. */
  static void assertVerifies(DevnetChain c, List<BlockData> blocks) {
    BlockHeader parent = c.genesis();
    for (BlockData b : blocks) {
      BlockHeader h = BlockHeader.decode(b.header().rlp());
      BlockBody body = BlockBody.decode(b.body());
      VerificationReport r =
          BlockVerifier.verify(h, body, ReceiptCodec.decodeEth69(b.receipts()))
              .then(BlockVerifier.verifyLink(parent, h))
              .then(BlockVerifier.verifyHeaderLayout(c.spec(), h));
      assertThat(r.passed()).as("block %d: %s", h.number(), r.failures()).isTrue();
      for (Transaction tx : body.transactions()) {
        assertThat(Transaction.decode(tx.encoded())).isEqualTo(tx); // strict decode of every field
      }
      parent = h;
    }
  }

  @Test
  void sameSeedGivesTheSameHashesAndAnotherSeedDifferentOnes() {
    List<BlockData> a = blocks(chain(7, Profile.SMALL, ReorgSchedule.NONE), 30, 30);
    List<BlockData> b = blocks(chain(7, Profile.SMALL, ReorgSchedule.NONE), 30, 30);
    List<BlockData> other = blocks(chain(8, Profile.SMALL, ReorgSchedule.NONE), 30, 30);
    assertThat(a.stream().map(BlockData::hash).toList()).isEqualTo(b.stream().map(BlockData::hash).toList());
    assertThat(chain(7, Profile.SMALL, ReorgSchedule.NONE).spec().genesisHash())
        .isNotEqualTo(chain(8, Profile.SMALL, ReorgSchedule.NONE).spec().genesisHash());
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).hash()).isNotEqualTo(other.get(i).hash());
    }
  }

  @Test
  void generationOnManyThreadsGivesTheSameChainAsOnOne() {
    DevnetChain c = chain(11, Profile.SMALL, ReorgSchedule.NONE);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<BlockData> parallel = c.blocks(c.genesis(), 60, 60, pool);
      assertThat(parallel.get(59).hash()).isEqualTo(blocks(c, 60, 60).get(59).hash());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void everySmallBlockVerifiesAndEveryTransactionTypeOccurs() {
    DevnetChain c = chain(1, Profile.SMALL, ReorgSchedule.NONE);
    List<BlockData> blocks = blocks(c, 200, 200);
    assertVerifies(c, blocks);
    Set<Integer> types = new TreeSet<>();
    for (BlockData b : blocks) {
      BlockBody.decode(b.body()).transactions().forEach(t -> types.add(t.type()));
    }
    assertThat(types).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void everyMainnetBlockVerifiesAndIsMainnetSized() {
    DevnetChain c = chain(2, Profile.MAINNET, ReorgSchedule.NONE);
    List<BlockData> blocks = blocks(c, 40, 40);
    assertVerifies(c, blocks);
    long bytes = 0;
    long logs = 0;
    long txs = 0;
    for (BlockData b : blocks) {
      bytes += b.header().rlpSize() + b.body().length + b.receipts().length;
      List<io.ethfollow.chain.Receipt> receipts = ReceiptCodec.decodeEth69(b.receipts());
      logs += receipts.stream().mapToInt(r -> r.logs().size()).sum();
      txs += receipts.size();
      assertThat(BlockBody.decode(b.body()).withdrawals()).hasSize(16);
      assertThat(b.header().blobGasUsed()).isLessThanOrEqualTo(9 * ContentGenerator.GAS_PER_BLOB);
      assertThat(b.header().gasUsed()).isLessThanOrEqualTo(b.header().gasLimit());
    }
    long n = blocks.size();
    assertThat(txs / n).isBetween(150L, 200L);
    assertThat(logs / n).isBetween(250L, 450L);
    assertThat(bytes / n).as("bytes per block (header + body + eth/69 receipts)").isBetween(150_000L, 300_000L);
  }

  @Test
  void afterAReorgTheReplacedBlocksDifferAndTheChainStillVerifies() {
    ReorgSchedule reorgs = new ReorgSchedule(10, 3);
    DevnetChain c = chain(3, Profile.SMALL, reorgs);
    List<BlockData> before = blocks(c, 9, 9);
    List<BlockData> after = blocks(c, 10, 10);
    assertVerifies(c, after);
    // Blocks 1..6 are shared; 7, 8, 9 were replaced when the head reached 10.
    assertThat(after.get(5).hash()).isEqualTo(before.get(5).hash());
    for (int i = 6; i < 9; i++) {
      assertThat(after.get(i).hash()).isNotEqualTo(before.get(i).hash());
    }
    assertThat(reorgs.commonAncestor(9, 10)).isEqualTo(6);
    assertVerifies(c, blocks(c, 45, 45));
  }
}
