package io.ethfollow.app;

import io.ethfollow.status.StatusDocument;

/**
 * The last published {@code /status} document and the mode it shows. Once {@link #stopping()} has
 * run, every document published afterwards shows {@code stopping}, whatever the sync engine says: a
 * refresh that read the engine's mode just before the stop began cannot put {@code follow} back.
 * {@link #publish} runs on the daemon's scheduler thread, {@link #stopping()} on the main thread and
 * {@link #current()} on the HTTP threads; the lock makes "decide the mode, then publish" one step.
 */
final class PublishedStatus {
  static final String STOPPING = "stopping";

  private final Object lock = new Object();
  private volatile StatusDocument latest;
  private volatile String mode = "starting";
  private boolean stopping;

  /** For a process without a sync engine (a devnet producer): the mode its documents show. */
  void fixedMode(String value) {
    synchronized (lock) {
      if (!stopping) {
        mode = value;
      }
    }
  }

  /** The mode shown now (starting until the engine reports one). */
  String mode() {
    return mode;
  }

  /**
   * Publishes {@code built}; its mode is replaced by {@code stopping} once the stop has begun.
   *
   * @return the document as published
   */
  StatusDocument publish(StatusDocument built) {
    synchronized (lock) {
      StatusDocument d = stopping && !STOPPING.equals(built.mode()) ? withMode(built, STOPPING) : built;
      mode = d.mode();
      latest = d;
      return d;
    }
  }

  /** From now on the document shows {@code stopping}; republished at once. Idempotent. */
  void stopping() {
    synchronized (lock) {
      stopping = true;
      mode = STOPPING;
      StatusDocument d = latest;
      if (d != null) {
        latest = withMode(d, STOPPING);
      }
    }
  }

  boolean isStopping() {
    synchronized (lock) {
      return stopping;
    }
  }

  StatusDocument current() {
    return latest;
  }

  private static StatusDocument withMode(StatusDocument d, String mode) {
    return new StatusDocument(
        d.version(), d.network(), d.chainId(), d.genesisHash(), mode, d.localHead(),
        d.contiguousHead(), d.storage(), d.dataDir(), d.uptimeSec(), d.networkHead(), d.peers(),
        d.enode(), d.p2p(), d.lagBlocks(), d.queue(), d.haltReason(), d.rates(), d.fastSync(),
        d.headAgeSec());
  }
}
