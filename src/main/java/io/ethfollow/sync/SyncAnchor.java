package io.ethfollow.sync;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.rlp.Rlp;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.store.BlockData;
import io.ethfollow.store.BlockStore;
import java.util.List;

/**
 * Gives an empty store the block the follow loop links from: the genesis block, written with its
 * empty body and receipt list when the chain spec knows its header. Called once at start on the
 * store's writer thread; a store that already holds blocks is left alone.
 */
public final class SyncAnchor {
  private SyncAnchor() {}

  /** True when the store has a block to follow from (written now or before). */
  public static boolean ensure(ChainSpec spec, BlockStore store) {
    if (store.localHead().isPresent()) {
      return true;
    }
    if (spec.genesisHeader().isEmpty()) {
      return false;
    }
    BlockHeader genesis = spec.genesisHeader().get();
    RlpWriter body = new RlpWriter(8).startList();
    body.startList().endList(); // transactions
    body.startList().endList(); // uncles
    if (genesis.withdrawalsRoot() != null) {
      body.startList().endList(); // withdrawals, from Shanghai on
    }
    store.setSyncStart(0);
    store.writeBlock(new BlockData(genesis, body.endList().toByteArray(), Rlp.EMPTY_LIST, List.of()));
    return true;
  }
}
