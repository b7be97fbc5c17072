package io.ethfollow.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Remembers the damage one open store has met: which entries a read found damaged (each is logged
 * once, with the file and what to do, however often peers ask for it) and the background error
 * after which RocksDB refuses writes. Thread-safe: reads on any thread record here, RocksDB's own
 * background threads report through {@link #backgroundError(String, Status)}.
 */
final class DamageLedger {
  private static final Logger LOG = LoggerFactory.getLogger(DamageLedger.class);

  /**
   * Distinct damaged entries remembered for the once-per-entry log. One damaged 4 KiB data block
   * holds a few dozen entries and a damaged file a few hundred thousand; past this bound (about
   * 1 MB of keys) further new entries are counted but logged only as the bound is crossed, so a
   * badly damaged disk cannot grow memory or the log without limit.
   */
  static final int MAX_REMEMBERED = 10_000;

  /** RocksDB names the table file in its corruption messages: "... in /dir/000021.sst ...". */
  private static final Pattern SST_FILE = Pattern.compile("(\\d+\\.sst)");

  private final String dir;
  private final Level level;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicLong entries = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private volatile String backgroundError;

  /**
   * @param tool true for a read-only open by a command-line tool ({@code verify}, {@code db
   *     repair}), which reports the damage in its JSON output: each entry is then logged at DEBUG
   *     rather than ERROR, so stderr is not flooded with what stdout already lists
   */
  DamageLedger(String dir, boolean tool) {
    this.dir = dir;
    this.level = tool ? Level.DEBUG : Level.ERROR;
  }

  /** True when RocksDB reports this failure as damaged data (a checksum mismatch, a torn block). */
  static boolean isCorruption(RocksDBException e) {
    Status s = e.getStatus();
    if (s != null && s.getCode() == Status.Code.Corruption) {
      return true;
    }
    String msg = String.valueOf(e.getMessage());
    return msg.startsWith("Corruption:") || msg.contains("checksum mismatch");
  }

  /** The table file a RocksDB message names, or null. */
  static String sstFileIn(String message) {
    Matcher m = SST_FILE.matcher(String.valueOf(message));
    return m.find() ? m.group(1) : null;
  }

  /** The command that fixes a damaged store, for every message that reports damage. */
  String repairHint() {
    return "stop the daemon and run `ethfollow db repair --data-dir " + dir + "`";
  }

  /**
   * Records a read of {@code key} in {@code family} that failed on damage, logs it the first time,
   * and returns the typed failure to throw.
   */
  StoreCorruptionException read(String family, String key, RocksDBException e) {
    reads.incrementAndGet();
    String file = sstFileIn(e.getMessage());
    String message = "store at " + dir + ": " + family + " entry " + key + " is damaged"
        + (file != null ? " (file " + file + ")" : "") + ": " + e.getMessage() + "; "
        + repairHint();
    String id = family + "/" + key;
    if (seen.contains(id)) {
      return new StoreCorruptionException(message, e, family, file);
    }
    if (seen.size() < MAX_REMEMBERED) {
      if (seen.add(id)) {
        entries.incrementAndGet();
        LOG.atLevel(level)
            .setMessage("damaged block data in the store")
            .addKeyValue("event", "store_damaged")
            .addKeyValue("family", family)
            .addKeyValue("key", key)
            .addKeyValue("file", file)
            .addKeyValue("error", e.getMessage())
            .addKeyValue("fix", repairHint())
            .log();
      }
    } else if (entries.incrementAndGet() == MAX_REMEMBERED + 1) {
      // Not remembered any more: from here on every such read counts as a new entry.
      LOG.atLevel(level)
          .setMessage("more than " + MAX_REMEMBERED + " damaged entries; counting, no longer"
              + " logging each")
          .addKeyValue("event", "store_damaged_many")
          .addKeyValue("fix", repairHint())
          .log();
    }
    return new StoreCorruptionException(message, e, family, file);
  }

  /** RocksDB's background thread reports a failed flush or compaction. */
  void backgroundError(String reason, Status status) {
    String state = status == null ? "unknown" : status.getCodeString() + ": " + status.getState();
    String first = null;
    synchronized (this) {
      if (backgroundError == null) {
        boolean damaged = status != null && status.getCode() == Status.Code.Corruption;
        backgroundError = "RocksDB " + reason.toLowerCase(java.util.Locale.ROOT)
            + " failed (" + state + "); the store refuses writes; "
            + (damaged ? repairHint()
                : "fix the cause (free disk space, check the disk) and restart the daemon");
        first = backgroundError;
      }
    }
    if (first != null) {
      LOG.atError()
          .setMessage("store background error: " + first)
          .addKeyValue("event", "store_background_error")
          .addKeyValue("reason", reason)
          .addKeyValue("error", state)
          .addKeyValue("file", sstFileIn(state))
          .log();
    }
  }

  /** The background error with what to do about it, or null while writes work. */
  String backgroundError() {
    return backgroundError;
  }

  StoreDamage snapshot() {
    return new StoreDamage(entries.get(), reads.get(), backgroundError);
  }
}
