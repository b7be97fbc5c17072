package io.ethfollow.rpc;

/**
 * The JSON-RPC's limits (TOML {@code rpc.*}), each bounding what one client can make us do.
 *
 * @param maxBodyBytes largest request body
 * @param maxBatch most calls in one batch
 * @param maxResponseBytes largest answer body
 * @param maxLogsBlockRange most blocks one {@code eth_getLogs} may span
 * @param maxLogs most logs one {@code eth_getLogs} answer may hold
 */
public record RpcLimits(
    int maxBodyBytes, int maxBatch, int maxResponseBytes, int maxLogsBlockRange, int maxLogs) {

  /**
   * 5 MiB bodies (a 1,000-call batch of filters fits), 1,000 calls, 25 MiB answers (a full mainnet
   * block with transactions is ~2 MB, 10 of them in a batch fit), and reth's eth_getLogs defaults
   * of 100,000 blocks and 20,000 logs, whose error wording Ponder's and rindexer's retry logic read.
   */
  public static final RpcLimits DEFAULTS =
      new RpcLimits(5 << 20, 1_000, 25 << 20, 100_000, 20_000);

  public RpcLimits {
    if (maxBodyBytes < 1 || maxBatch < 1 || maxResponseBytes < 1 || maxLogsBlockRange < 1 || maxLogs < 1) {
      throw new IllegalArgumentException("RPC limits must be positive");
    }
  }
}
