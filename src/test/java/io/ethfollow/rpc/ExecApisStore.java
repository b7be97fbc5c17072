package io.ethfollow.rpc;

import io.ethfollow.chain.Block;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.GenesisJson;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Transaction;
import io.ethfollow.rlp.Rlp;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.store.BlockData;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.ChainIdentity;
import io.ethfollow.store.RocksBlockStore;
import io.ethfollow.sync.SyncAnchor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real RocksDB store of the execution-apis test chain (genesis + chain.rlp, 45 blocks), and the
 * JSON-RPC over it. chain.rlp has no receipts: the store holds empty placeholders, so only methods
 * that read headers and bodies can be asked of it.
 */
final class ExecApisStore {
  private ExecApisStore() {}

  static ChainSpec spec() throws Exception {
    return GenesisJson.load(resource("/testdata/exec-apis-prague/genesis.json"));
  }

  static BlockStore open(Path dir) throws Exception {
    ChainSpec spec = spec();
    BlockStore store = RocksBlockStore.open(dir,
        new ChainIdentity(spec.genesisHash(), spec.networkId(), spec.name()));
    SyncAnchor.ensure(spec, store);
    RlpReader chain = new RlpReader(Files.readAllBytes(resource("/testdata/exec-apis-prague/chain.rlp")));
    List<BlockData> blocks = new ArrayList<>();
    while (chain.hasNext()) {
      Block b = Block.readNext(chain);
      List<Hash> txHashes = new ArrayList<>();
      for (Transaction tx : b.body().transactions()) {
        txHashes.add(tx.hash());
      }
      // placeholder receipts: not read by the methods asked of this store (see the class comment)
      blocks.add(new BlockData(b.header(), b.body().encode(), Rlp.EMPTY_LIST, txHashes));
    }
    store.writeBlocks(blocks);
    return store;
  }

  static RpcDispatcher dispatcher(BlockStore store) throws Exception {
    HistoryMethods methods = new HistoryMethods(
        new RpcChain(store, 64), RpcNodeState.NONE, "ethfollow/test", spec(), RpcLimits.DEFAULTS);
    return new RpcDispatcher(methods.all(), 1000, 25 << 20);
  }

  static Path resource(String name) throws Exception {
    return Path.of(ExecApisStore.class.getResource(name).toURI());
  }
}
