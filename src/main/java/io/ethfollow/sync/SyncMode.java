package io.ethfollow.sync;

/** What the sync engine is doing; the status page shows {@link #jsonName()}. */
public enum SyncMode {
  /** Waiting for peers or for an anchor to sync from. */
  STARTING("starting"),
  /** Far behind: wide parallel downloads, long per-block backoff (a missing block is a slow peer). */
  FAST_SYNC("fast-sync"),
  /** At the tip: new blocks as they appear, short per-block backoff (a missing block is propagation). */
  FOLLOW("follow"),
  /** Stopped following (for example a reorg deeper than the rollback window); the reason is in the status. */
  HALTED("halted");

  private final String jsonName;

  SyncMode(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }
}
