package io.ethfollow.store;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.rlp.RlpWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A chain of linked headers (block 0 .. length-1, each child's parentHash = parent's hash) with small
 * fake bodies and receipts. The bodies are NOT consistent with the header roots: the store treats
 * them as opaque bytes. Different {@code seed}s give different chains; {@link #forkAt} gives a chain
 * sharing a prefix. Immutable; test-only.
 */
final class ChainFixture {
  /** Keeps bodies small so thousands of blocks fit in a test store quickly. */
  private static final int TXS_PER_BLOCK = 3;

  private final List<BlockData> blocks;

  private ChainFixture(List<BlockData> blocks) {
    this.blocks = Collections.unmodifiableList(blocks);
  }

  /** Blocks 0 .. length-1 of the chain named by {@code seed}. */
  static ChainFixture build(int length, int seed) {
    return extend(new ArrayList<>(), length, seed);
  }

  /** A chain equal to this one up to and including {@code number}, then different blocks. */
  ChainFixture forkAt(long number, int length, int seed) {
    List<BlockData> prefix = new ArrayList<>(blocks.subList(0, (int) number + 1));
    return extend(prefix, length, seed);
  }

  private static ChainFixture extend(List<BlockData> out, int length, int seed) {
    Hash parent = out.isEmpty() ? Hash.ZERO : out.get(out.size() - 1).hash();
    for (int n = out.size(); n < length; n++) {
      BlockHeader.Fields f = new BlockHeader.Fields();
      f.parentHash = parent;
      f.number = n;
      f.gasLimit = 30_000_000;
      f.timestamp = 1_700_000_000L + 12L * n;
      f.extraData = ("fixture-" + seed).getBytes(StandardCharsets.US_ASCII);
      BlockHeader header = BlockHeader.create(f);
      List<Hash> txs = new ArrayList<>();
      RlpWriter body = new RlpWriter().startList().startList();
      for (int i = 0; i < TXS_PER_BLOCK; i++) {
        byte[] tx = ("tx-" + seed + "-" + n + "-" + i).getBytes(StandardCharsets.US_ASCII);
        body.writeBytes(tx);
        txs.add(Hash.keccakOf(tx));
      }
      body.endList().startList().endList().endList();
      byte[] receipts = new RlpWriter().startList()
          .writeBytes(("receipts-" + seed + "-" + n).getBytes(StandardCharsets.US_ASCII))
          .endList().toByteArray();
      out.add(new BlockData(header, body.toByteArray(), receipts, txs));
      parent = header.hash();
    }
    return new ChainFixture(out);
  }

  BlockData block(long number) {
    return blocks.get((int) number);
  }

  /** Blocks {@code from .. to} inclusive, ascending. */
  List<BlockData> range(long from, long to) {
    return blocks.subList((int) from, (int) to + 1);
  }

  int length() {
    return blocks.size();
  }

  /** An identity whose genesis is this chain's block 0. */
  ChainIdentity identity(String name, long networkId) {
    return new ChainIdentity(blocks.get(0).hash(), networkId, name);
  }
}
