package io.ethfollow.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Log;
import io.ethfollow.chain.ReceiptCodec;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Answers {@code eth_getLogs}: resolves the range (a block hash, or tags clamped to latest), refuses
 * ranges over the limit and ranges that touch blocks this store does not hold (code 4444 naming the
 * first missing block — never a silently partial answer), then walks the range's header blooms and
 * reads receipts only of blocks whose bloom may match. Logs come in chain order with block-wide
 * {@code logIndex}. Any RPC worker thread.
 */
final class LogQuery {
  private final RpcChain chain;
  private final int maxBlockRange;
  private final int maxLogs;

  /**
   * @param maxBlockRange the most blocks one query may span (reth's wording in the error)
   * @param maxLogs the most logs one answer may hold
   */
  LogQuery(RpcChain chain, int maxBlockRange, int maxLogs) {
    this.chain = chain;
    this.maxBlockRange = maxBlockRange;
    this.maxLogs = maxLogs;
  }

  ArrayNode run(LogFilter filter) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    LogFilter.BloomTest bloom = filter.bloomTest();
    if (filter.blockHash() != null) {
      Optional<RpcChain.Block> b = chain.byHash(filter.blockHash());
      if (b.isEmpty()) {
        throw new RpcException(-32000, "unknown block " + filter.blockHash().toHex());
      }
      collect(b.get().header(), filter, bloom, out);
      return out;
    }
    if (filter.fromBlock() == BlockTag.Named.PENDING || filter.toBlock() == BlockTag.Named.PENDING) {
      throw RpcException.invalidParams("pending logs are not supported (ethfollow has no mempool)");
    }
    OptionalLong latest = chain.latest();
    if (latest.isEmpty()) {
      return out;
    }
    long from = chain.resolve(filter.fromBlock()).orElse(latest.getAsLong());
    long to = Math.min(chain.resolve(filter.toBlock()).orElse(latest.getAsLong()), latest.getAsLong());
    if (from > latest.getAsLong()) {
      return out; // nothing stored there yet: geth answers an empty list too
    }
    if (from > to) {
      throw RpcException.invalidParams("invalid block range params: fromBlock " + from
          + " is after toBlock " + to);
    }
    if (to - from + 1 > maxBlockRange) {
      throw RpcException.invalidParams("query exceeds max block range " + maxBlockRange);
    }
    long start = chain.earliest().orElse(0);
    if (from < start) {
      throw new RpcException(RpcError.HISTORY_UNAVAILABLE, "history before block " + start
          + " is not in this store (it syncs from there); first missing block " + from);
    }
    for (long n = from; n <= to; n++) {
      // headers only: the bloom says which blocks' receipts (and bodies) are worth reading
      Optional<BlockHeader> h = chain.headerByNumber(n);
      if (h.isEmpty()) {
        throw new RpcException(RpcError.HISTORY_UNAVAILABLE,
            "block " + n + " is not in this store yet (fast sync has not filled it)");
      }
      collect(h.get(), filter, bloom, out);
      if (out.size() > maxLogs) {
        if (n == from) {
          throw RpcException.invalidParams("query exceeds max results " + maxLogs + ": block " + n
              + " alone holds more matching logs");
        }
        throw RpcException.invalidParams("query exceeds max results " + maxLogs
            + ", retry with the range " + from + "-" + (n - 1));
      }
    }
    return out;
  }

  private void collect(BlockHeader h, LogFilter filter, LogFilter.BloomTest bloom, ArrayNode out) {
    if (!bloom.mayMatch(h.logsBloom())) {
      return;
    }
    byte[] stored = chain.receipts(h.hash())
        .orElseThrow(() -> new RpcException(RpcError.HISTORY_UNAVAILABLE,
            "receipts of block " + h.number() + " are not in this store"));
    List<List<Log>> receipts = ReceiptCodec.decodeLogs(stored); // logs only: no blooms to compute
    List<Hash> txHashes = null; // read only when a log matches (from the tx index: no body decode)
    int logIndex = 0;
    String blockHash = h.hash().toHex(); // once per block, not once per log
    for (int i = 0; i < receipts.size(); i++) {
      Hash txHash = null;
      for (Log l : receipts.get(i)) {
        if (filter.matches(l)) {
          if (txHashes == null) {
            txHashes = chain.transactionHashes(h);
          }
          if (txHash == null) {
            txHash = txHashes.get(i);
          }
          out.add(ReceiptJson.log(l, h, blockHash, txHash, i, logIndex, false));
        }
        logIndex++;
      }
    }
  }
}
