package io.ethfollow.store;

import org.rocksdb.AbstractEventListener;
import org.rocksdb.BackgroundErrorReason;
import org.rocksdb.RocksDB;
import org.rocksdb.Status;

/**
 * Hears RocksDB's background errors (a flush or compaction that failed, for example because it read
 * a damaged table file; RocksDB then stops accepting writes) and hands them to the store's
 * {@link DamageLedger}. Called on RocksDB's background threads; does nothing but record and log.
 */
final class BackgroundErrorListener extends AbstractEventListener {
  static {
    RocksDB.loadLibrary(); // the native listener is created before any database is opened
  }

  private final DamageLedger ledger;

  BackgroundErrorListener(DamageLedger ledger) {
    super(EnabledEventCallback.ON_BACKGROUND_ERROR);
    this.ledger = ledger;
  }

  @Override
  public void onBackgroundError(BackgroundErrorReason reason, Status status) {
    ledger.backgroundError(reason.name(), status);
  }
}
