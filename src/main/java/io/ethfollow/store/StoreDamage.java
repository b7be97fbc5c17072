package io.ethfollow.store;

/**
 * What an open store has found damaged since it was opened, for {@code /status}, {@code /metrics}
 * and {@code /health}.
 *
 * @param damagedEntries distinct stored entries (one block's header, body, receipts, canonical
 *     entry or tx index) that a read found damaged; each was logged once
 * @param damagedReads reads that failed on damage, counting every repeat of the same entry
 * @param backgroundError why RocksDB stopped accepting writes (a flush or compaction failed, for
 *     example on a damaged file), or null while writes work
 */
public record StoreDamage(long damagedEntries, long damagedReads, String backgroundError) {
  /** Nothing found damaged. */
  public static final StoreDamage NONE = new StoreDamage(0, 0, null);

  /** True when anything is damaged or writes are refused. */
  public boolean any() {
    return damagedEntries > 0 || backgroundError != null;
  }
}
