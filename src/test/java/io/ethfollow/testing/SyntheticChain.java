package io.ethfollow.testing;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.GenesisJson;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.chain.Transaction;
import io.ethfollow.store.BlockData;
import io.ethfollow.store.ChainIdentity;
import io.ethfollow.store.RocksBlockStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A verifiable test chain of any length on a private network (all forks through Prague at genesis):
 * block i carries the real body and receipts of one of the two Prague mainnet vectors, under a new
 * header that keeps every root, bloom and gas field of the original but links to the previous block
 * of this chain. So every body/receipt check passes, and the chain is ours to serve.
 */
public final class SyntheticChain {
  /** Chain id of the synthetic network; far from any public chain's. */
  public static final long CHAIN_ID = 770_077;

  /** Seconds between blocks, as on mainnet. */
  private static final long SLOT_SECONDS = 12;

  public static final String GENESIS_JSON =
      """
      {"config":{"chainId":770077,"homesteadBlock":0,"eip150Block":0,"eip155Block":0,"eip158Block":0,
       "byzantiumBlock":0,"constantinopleBlock":0,"petersburgBlock":0,"istanbulBlock":0,"berlinBlock":0,
       "londonBlock":0,"mergeNetsplitBlock":0,"shanghaiTime":0,"cancunTime":0,"pragueTime":0,
       "terminalTotalDifficulty":0},
       "nonce":"0x0","timestamp":"0x0","extraData":"0x","gasLimit":"0x2255100","difficulty":"0x0",
       "alloc":{}}
      """;

  public final ChainSpec spec;
  public final List<BlockData> blocks;

  private SyntheticChain(ChainSpec spec, List<BlockData> blocks) {
    this.spec = spec;
    this.blocks = blocks;
  }

  public static SyntheticChain of(int length) {
    ChainSpec spec = GenesisJson.parse(GENESIS_JSON.getBytes(StandardCharsets.UTF_8), "synthetic");
    List<TestVectors.MainnetBlock> sources =
        TestVectors.mainnetBlocks().stream().filter(b -> b.fork().equals("prague")).toList();
    List<BlockData> out = new ArrayList<>();
    Hash parent = spec.genesisHash();
    for (int i = 1; i <= length; i++) {
      TestVectors.MainnetBlock src = sources.get(i % sources.size());
      BlockHeader h = BlockHeader.decode(src.headerRlp());
      // Same roots, bloom and gas as the original, so its body and receipts still verify; new links.
      BlockHeader.Fields f = h.toFields();
      f.parentHash = parent;
      f.number = i;
      f.timestamp = SLOT_SECONDS * i;
      BlockHeader header = BlockHeader.create(f);
      List<Hash> txs = BlockBody.decode(src.bodyRlp()).transactions().stream().map(Transaction::hash).toList();
      out.add(new BlockData(header, src.bodyRlp(), src.receipts69(), txs));
      parent = header.hash();
    }
    return new SyntheticChain(spec, List.copyOf(out));
  }

  /** Writes genesis.json into {@code dir} and returns its path. */
  public Path writeGenesis(Path dir) throws Exception {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve("genesis.json"), GENESIS_JSON);
  }

  /** Creates a store in {@code dataDir} holding genesis and the whole chain, as a synced daemon's. */
  public void writeStore(Path dataDir) {
    try (RocksBlockStore store =
        RocksBlockStore.open(dataDir, new ChainIdentity(spec.genesisHash(), spec.networkId(), spec.name()))) {
      io.ethfollow.sync.SyncAnchor.ensure(spec, store);
      store.writeBlocks(blocks);
    }
  }

  public BlockHeader head() {
    return blocks.get(blocks.size() - 1).header();
  }
}
