package io.ethfollow.app;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.status.StatusDocument;
import io.ethfollow.status.StatusSource;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.StoreStats;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the {@code /status} document from the chain spec and the store and publishes it for the
 * HTTP threads. {@link #refresh()} runs on the daemon's scheduler thread (the store's reader);
 * {@link #current()} may be called from any thread and only reads the last published snapshot.
 */
final class StatusPublisher implements StatusSource {
  private final ChainSpec spec;
  private final BlockStore store;
  private final String dataDir;
  private final Clock clock;
  private final long startedMillis;
  private final AtomicReference<StatusDocument> latest = new AtomicReference<>();
  private volatile String mode = "starting";

  StatusPublisher(ChainSpec spec, BlockStore store, String dataDir, Clock clock) {
    this.spec = spec;
    this.store = store;
    this.dataDir = dataDir;
    this.clock = clock;
    this.startedMillis = clock.millis();
    refresh();
  }

  /** Sets the mode shown from the next refresh on (starting, fast-sync, follow, halted, stopping). */
  void mode(String value) {
    mode = value;
    latest.updateAndGet(d -> d == null ? null : withMode(d, value));
  }

  /** Re-reads heads and sizes from the store and publishes a new snapshot. */
  void refresh() {
    StoreStats stats = store.stats();
    StatusDocument.Head head =
        store.localHead().map(h -> new StatusDocument.Head(h.number(), h.hash().toHex())).orElse(null);
    Long contiguous =
        store.contiguousHead().isPresent() ? store.contiguousHead().getAsLong() : null;
    latest.set(
        new StatusDocument(
            Version.VERSION,
            spec.name(),
            spec.chainId(),
            spec.genesisHash().toHex(),
            mode,
            head,
            contiguous,
            new StatusDocument.Storage(stats.blocks(), stats.totalBytes()),
            dataDir,
            (clock.millis() - startedMillis) / 1000));
  }

  @Override
  public StatusDocument current() {
    return latest.get();
  }

  private static StatusDocument withMode(StatusDocument d, String mode) {
    return new StatusDocument(
        d.version(), d.network(), d.chainId(), d.genesisHash(), mode, d.localHead(),
        d.contiguousHead(), d.storage(), d.dataDir(), d.uptimeSec());
  }
}
