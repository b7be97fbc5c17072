package io.ethfollow.store;

import java.util.List;

/**
 * Counts and approximate sizes for {@code ethfollow db stats} and the status endpoint. Sizes come
 * from RocksDB properties and are estimates: SST bytes on disk plus memtable bytes, so data written
 * moments ago counts before it is flushed.
 */
public record StoreStats(
    ChainIdentity identity,
    int schemaVersion,
    long blocks,
    List<BlockRange> completedRanges,
    List<ColumnFamilyStats> columnFamilies) {
  public StoreStats {
    completedRanges = List.copyOf(completedRanges);
    columnFamilies = List.copyOf(columnFamilies);
  }

  /** Sum of {@link ColumnFamilyStats#bytes()} over every column family. */
  public long totalBytes() {
    long total = 0;
    for (ColumnFamilyStats cf : columnFamilies) {
      total += cf.bytes();
    }
    return total;
  }

  /** One column family's size figures (all approximate). */
  public record ColumnFamilyStats(
      String name, long estimatedKeys, long sstBytes, long liveDataBytes, long memtableBytes) {
    /** Bytes on disk in SST files plus bytes still in memtables. */
    public long bytes() {
      return sstBytes + memtableBytes;
    }
  }
}
