package io.ethfollow.devnet;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.store.BlockData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One devnet's chain as a function: the chain spec and parameters from its genesis.json, and the
 * blocks of any range on the chain whose head is at a given height. Content is generated on the
 * given executor (in parallel across heights, the costly part), headers are linked in order on the
 * calling thread. Immutable; thread-safe.
 */
public final class DevnetChain {
  private final ChainSpec spec;
  private final DevnetParams params;
  private final ContentGenerator content;
  private final DevnetBlockBuilder assembler;

  public DevnetChain(ChainSpec spec, DevnetParams params) {
    BlockHeader genesis =
        spec.genesisHeader().orElseThrow(() -> new IllegalArgumentException("devnet spec without genesis header"));
    this.spec = spec;
    this.params = params;
    this.content = new ContentGenerator(params.seed(), params.profile(), spec.chainId(), genesis.gasLimit());
    this.assembler = new DevnetBlockBuilder(params, content.pools());
  }

  public ChainSpec spec() {
    return spec;
  }

  public DevnetParams params() {
    return params;
  }

  public BlockHeader genesis() {
    return spec.genesisHeader().orElseThrow();
  }

  /**
   * Blocks {@code parent.number() + 1 .. to} of the chain whose head is {@code head} (≥ to), linked
   * to {@code parent}, which must be that chain's block.
   */
  public List<BlockData> blocks(BlockHeader parent, long to, long head, Executor workers) {
    long from = parent.number() + 1;
    List<CompletableFuture<BlockContent>> parts = new ArrayList<>();
    for (long n = from; n <= to; n++) {
      long number = n;
      long branch = params.reorgs().branchOf(number, head);
      parts.add(CompletableFuture.supplyAsync(() -> content.generate(number, branch), workers));
    }
    List<BlockData> out = new ArrayList<>(parts.size());
    BlockHeader previous = parent;
    for (CompletableFuture<BlockContent> part : parts) {
      BlockData block = assembler.assemble(previous, part.join());
      out.add(block);
      previous = block.header();
    }
    return out;
  }

  /** One block's content statistics (for measurements and tests). */
  BlockContent content(long number, long branch) {
    return content.generate(number, branch);
  }
}
