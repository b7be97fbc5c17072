package io.ethfollow.app;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.status.StatusServer;
import io.ethfollow.store.BlockStore;
import io.ethfollow.time.Scheduler;
import io.ethfollow.time.SystemScheduler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code ethfollow run}: owns the store, the daemon's scheduler thread and
 * the status server, starts them in dependency order and stops them in reverse. {@link #start} and
 * {@link #awaitStopAndClose} run on the main thread; {@link #requestStop} may be called from any
 * thread (signal handlers). Later issues add discovery, the peer pool and the sync engine here.
 */
final class Daemon {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  /** Operators poll /status about once a second; refreshing at that rate costs one store read. */
  private static final Duration STATUS_REFRESH = Duration.ofSeconds(1);

  /** systemd's default stop timeout is 90 s; we promise operators a stop within 10 s. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final ChainSpec spec;
  private final BlockStore store;
  private final SystemScheduler scheduler;
  private final StatusPublisher status;
  private final StatusServer server;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();

  private Daemon(
      ChainSpec spec,
      BlockStore store,
      SystemScheduler scheduler,
      StatusPublisher status,
      StatusServer server) {
    this.spec = spec;
    this.store = store;
    this.scheduler = scheduler;
    this.status = status;
    this.server = server;
  }

  /**
   * Opens the store (refusing another chain's data dir), starts the status endpoint and the status
   * refresh. On failure everything already opened is closed again before the exception propagates.
   */
  static Daemon start(ChainSpec spec, BlockStore store, Path dataDir, InetSocketAddress statusAddr) {
    SystemScheduler scheduler = new SystemScheduler("ethfollow-main");
    StatusServer server = null;
    try {
      StatusPublisher status =
          new StatusPublisher(spec, store, dataDir.toString(), scheduler.clock());
      server = StatusServer.start(statusAddr, status);
      Daemon d = new Daemon(spec, store, scheduler, status, server);
      d.scheduleRefresh(scheduler);
      LOG.atInfo()
          .setMessage("ethfollow started")
          .addKeyValue("event", "started")
          .addKeyValue("version", Version.VERSION)
          .addKeyValue("network", spec.name())
          .addKeyValue("chainId", spec.chainId())
          .addKeyValue("genesis", spec.genesisHash().toHex())
          .addKeyValue("dataDir", dataDir.toString())
          .addKeyValue("status", "http://" + hostPort(server.address()) + "/status")
          .log();
      store.localHead()
          .ifPresentOrElse(
              h ->
                  LOG.atInfo()
                      .setMessage("store opened")
                      .addKeyValue("event", "store_opened")
                      .addKeyValue("localHead", h.number())
                      .addKeyValue("hash", h.hash().toHex())
                      .log(),
              () ->
                  LOG.atInfo()
                      .setMessage("store opened (empty)")
                      .addKeyValue("event", "store_opened")
                      .log());
      return d;
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      scheduler.close();
      throw e;
    }
  }

  private void scheduleRefresh(Scheduler s) {
    s.schedule(
        STATUS_REFRESH,
        () -> {
          if (stopping.get()) {
            return;
          }
          try {
            status.refresh();
          } catch (RuntimeException e) {
            LOG.atWarn()
                .setMessage("status refresh failed")
                .addKeyValue("event", "status_refresh_failed")
                .addKeyValue("error", e.toString())
                .log();
          }
          scheduleRefresh(s);
        });
  }

  /** Asks the daemon to stop; idempotent and safe from any thread. */
  void requestStop(String why) {
    if (stopRequested.getCount() > 0) {
      LOG.atInfo()
          .setMessage("stopping")
          .addKeyValue("event", "stopping")
          .addKeyValue("reason", why)
          .log();
    }
    stopRequested.countDown();
  }

  /** Blocks until a stop is requested, then closes everything in reverse start order. */
  int awaitStopAndClose() throws InterruptedException {
    stopRequested.await();
    stopping.set(true);
    status.mode("stopping");
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    server.close();
    scheduler.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    store.flush();
    store.close();
    LOG.atInfo()
        .setMessage("ethfollow stopped")
        .addKeyValue("event", "stopped")
        .addKeyValue("network", spec.name())
        .log();
    return ExitCode.OK;
  }

  /** Bound status address (the configured port may be 0 in tests). */
  InetSocketAddress statusAddress() {
    return server.address();
  }

  boolean awaitStopRequest(long timeout, TimeUnit unit) throws InterruptedException {
    return stopRequested.await(timeout, unit);
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}
