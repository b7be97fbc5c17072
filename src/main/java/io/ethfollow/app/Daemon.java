package io.ethfollow.app;

import io.ethfollow.app.systemd.SystemdNotifier;
import io.ethfollow.app.systemd.SystemdStatus;
import io.ethfollow.app.systemd.WatchdogPings;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.network.NetworkService;
import io.ethfollow.rpc.RpcServer;
import io.ethfollow.status.StatusServer;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.StorePeerCache;
import io.ethfollow.sync.FastSyncConfig;
import io.ethfollow.sync.SyncConfig;
import io.ethfollow.sync.SyncController;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import io.ethfollow.time.Scheduler;
import io.ethfollow.time.SystemScheduler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
  private final Optional<RpcServer> rpc;
  private final NetworkService network;
  private final SystemScheduler serving;
  private final StopSignal stop;
  private final FatalStop fatal;
  private final SystemdNotifier notifier;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean storeFailed = new AtomicBoolean();

  private Daemon(
      ChainSpec spec,
      BlockStore store,
      SystemScheduler scheduler,
      StatusPublisher status,
      StatusServer server,
      Optional<RpcServer> rpc,
      NetworkService network,
      SystemScheduler serving,
      StopSignal stop,
      FatalStop fatal,
      SystemdNotifier notifier) {
    this.rpc = rpc;
    this.stop = stop;
    this.fatal = fatal;
    this.notifier = notifier;
    this.spec = spec;
    this.store = store;
    this.scheduler = scheduler;
    this.status = status;
    this.server = server;
    this.network = network;
    this.serving = serving;
  }

  /**
   * Starts the devp2p network (RLPx listener, discovery, pool), the status endpoint and the status
   * refresh over an already opened store. On failure everything started here is closed again before
   * the exception propagates (the caller closes the store). Any exception on a daemon thread goes
   * to {@code fatal}; {@code notifier} hears READY=1 once everything listens, then STATUS= lines
   * and the owner thread's watchdog pings.
   */
  static Daemon start(
      ChainSpec spec,
      BlockStore store,
      Path dataDir,
      Endpoints endpoints,
      NetworkOptions net,
      FastSyncConfig fastSync,
      StopSignal stop,
      FatalStop fatal,
      SystemdNotifier notifier) {
    SystemScheduler scheduler = new SystemScheduler("ethfollow-main", fatal::failed);
    // Serving peers reads RocksDB: its own thread, so neither Netty nor the pool's thread waits on disk.
    SystemScheduler serving = new SystemScheduler("ethfollow-serve", fatal::failed);
    // The pings are tasks of the owner thread: a wedged owner thread stops them (systemd restarts
    // us).
    WatchdogPings.start(scheduler, notifier);
    AtomicReference<SyncController> sync = new AtomicReference<>();
    StatusServer server = null;
    Optional<RpcServer> rpc = Optional.empty();
    NetworkService network = null;
    try {
      StatusPublisher status =
          new StatusPublisher(spec, store, dataDir.toString(), scheduler.clock(), endpoints.maxHeadAge());
      ProgressReporter progress = new ProgressReporter(scheduler.clock());
      SystemdStatus systemdStatus = new SystemdStatus(notifier, scheduler.clock());
      status.onPublish(
          doc -> {
            progress.observe(doc);
            systemdStatus.observe(doc);
          });
      network =
          NetworkService.start(
              spec, net.nodeKey(), net.settings(), store, status::localHead, scheduler,
              serving::execute,
              action -> {
                SyncController c = sync.get();
                if (c == null) {
                  return false;
                }
                c.onPeerAction(action);
                return true;
              },
              new StorePeerCache(store));
      String enode = network.enode(net.advertisedAddress()).toUrl();
      status.attach(network, enode);
      NetworkService net0 = network;
      CompletableFuture.runAsync(
              () -> {
                SyncController c =
                    new SyncController(SyncConfig.defaults(), fastSync, spec, scheduler, net0.pool(), net0.peers(), store);
                sync.set(c);
                status.attach(c); // the halt handler comes with the daemon object, below
                c.start();
              },
              scheduler::execute)
          .join();
      // First full snapshot before the endpoint opens, on the thread that owns the pool.
      CompletableFuture.runAsync(status::refresh, scheduler::execute).join();
      server = StatusServer.start(endpoints.status(), status, status);
      if (endpoints.rpc().isPresent()) {
        rpc = Optional.of(RpcEndpoint.start(endpoints.rpc().get(), spec, store,
            new PublishedNodeState(status, () -> store.syncStart().orElse(0))));
      }
      Daemon d =
          new Daemon(
              spec, store, scheduler, status, server, rpc, network, serving, stop, fatal, notifier);
      SyncController engine = sync.get();
      if (engine != null) {
        status.attach(engine, d::halt);
      }
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
          .addKeyValue("rpc", rpc.map(r -> "http://" + hostPort(r.address())).orElse("off"))
          .addKeyValue("enode", enode)
          .addKeyValue("discovery", net.settings().discovery().isPresent())
          .addKeyValue("staticPeers", net.settings().staticPeers().size())
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
      systemdStatus.ready(); // READY=1: the store is open and every server listens
      return d;
    } catch (RuntimeException e) {
      rpc.ifPresent(RpcServer::close);
      if (server != null) {
        server.close();
      }
      if (network != null) {
        network.close();
      }
      scheduler.close();
      serving.close();
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
          String writeError = store.damage().backgroundError();
          if (writeError != null) {
            storeFailed(writeError);
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

  /**
   * The sync engine cannot go on (a reorg deeper than the rollback window): log it where operators
   * look, keep the status showing why until the stop, and exit non-zero so systemd restarts us
   * (the {@link FatalStop} line on stderr and {@code fatal_error} name the halt).
   */
  private void halt(String reason) {
    LOG.atError()
        .setMessage("sync halted: " + reason)
        .addKeyValue("event", "sync_halted")
        .log();
    fatal.failed("sync halted: " + reason);
  }

  /**
   * RocksDB refuses writes after a background error (a compaction read a damaged file, a full
   * disk): sync cannot go on, so stop once with the reason, which says what to do (for damage: the
   * repair command; a restart would meet the same file), exit 1; reads stay served until the stop.
   */
  private void storeFailed(String reason) {
    if (!storeFailed.compareAndSet(false, true)) {
      return;
    }
    LOG.atError()
        .setMessage("store refuses writes, stopping: " + reason)
        .addKeyValue("event", "store_failed")
        .log();
    fatal.failed("store refuses writes: " + reason);
  }

  /** Asks the daemon to stop; idempotent and safe from any thread. */
  void requestStop(String why) {
    stop.request(why);
  }

  /**
   * Blocks until a stop is requested, then closes everything in reverse start order within
   * {@link #STOP_TIMEOUT}: each step gets what is left of it (see {@link StopSequence}). Past the
   * budget the remaining steps are skipped; the exit code is then 1 unless the store was flushed.
   */
  int awaitStopAndClose() throws InterruptedException {
    stop.await();
    notifier.stopping();
    stopping.set(true);
    status.stopping();
    StopSequence steps = new StopSequence(STOP_TIMEOUT);
    // Disconnect(client quitting) to every peer, then the listener and discovery.
    steps.run("network", network::close);
    steps.run("status-server", server::close);
    // RPC workers read the store: closed before the store is
    rpc.ifPresent(r -> steps.run("rpc-server", r::close));
    steps.run("scheduler", () -> scheduler.shutdown(steps.remaining()));
    steps.run("serving", () -> serving.shutdown(steps.remaining()));
    boolean flushed = steps.run("store-flush", store::flush);
    // Closing RocksDB under a thread that may still use it is unsafe: only after every step above.
    if (steps.allDone()) {
      steps.run("store-close", store::close);
    }
    if (!flushed) {
      fatal.failed(
          "the stop did not flush the store (" + STOP_TIMEOUT.toSeconds()
              + " s budget; see the stop_ lines)");
    }
    int code = fatal.happened() ? ExitCode.FAILURE : ExitCode.OK;
    if (!steps.allDone()) {
      LOG.atWarn()
          .setMessage("stopped without a complete close")
          .addKeyValue("event", "stop_incomplete")
          .addKeyValue("storeFlushed", flushed)
          .addKeyValue("exitCode", code)
          .log();
    }
    LOG.atInfo()
        .setMessage("ethfollow stopped")
        .addKeyValue("event", "stopped")
        .addKeyValue("network", spec.name())
        .addKeyValue("exitCode", code)
        .log();
    return code;
  }

  /** Bound status address (the configured port may be 0 in tests). */
  InetSocketAddress statusAddress() {
    return server.address();
  }

  boolean awaitStopRequest(long timeout, TimeUnit unit) throws InterruptedException {
    return stop.await(timeout, unit);
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}
