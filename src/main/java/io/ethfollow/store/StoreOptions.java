package io.ethfollow.store;

/**
 * Tuning of a {@link RocksBlockStore}.
 *
 * @param txIndex keep the tx hash -> location index (costs ~80 bytes per transaction on disk)
 * @param blockCacheBytes shared LRU cache for uncompressed SST blocks, all column families
 * @param memtableBudgetBytes cap on memtable memory across all column families; a full budget forces
 *     flushes, so it bounds RAM and how much WAL must be replayed after a crash
 */
public record StoreOptions(boolean txIndex, long blockCacheBytes, long memtableBudgetBytes) {
  /**
   * Daemon defaults: tx index on; 128 MiB cache holds the hot tip and recent headers peers ask for;
   * 256 MiB of memtables lets fast sync write large batches without stalling on flushes on a
   * 2-core box while staying well inside a 1-2 GiB heap-plus-native budget.
   */
  public static StoreOptions defaults() {
    return new StoreOptions(true, 128L << 20, 256L << 20);
  }

  /** Small budgets so many test stores can be open at once in a 2 GiB test JVM. */
  public static StoreOptions forTests() {
    return new StoreOptions(true, 8L << 20, 16L << 20);
  }

  public StoreOptions withTxIndex(boolean enabled) {
    return new StoreOptions(enabled, blockCacheBytes, memtableBudgetBytes);
  }
}
