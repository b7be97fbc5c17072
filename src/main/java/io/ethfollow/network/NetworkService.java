package io.ethfollow.network;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.discovery.DiscoveryConfig;
import io.ethfollow.discovery.DiscoveryService;
import io.ethfollow.discovery.ForkIdCheck;
import io.ethfollow.peer.DropReason;
import io.ethfollow.peer.PeerAction;
import io.ethfollow.peer.PeerCache;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.peer.PoolConfig;
import io.ethfollow.peer.PoolCounts;
import io.ethfollow.request.ExecutorConfig;
import io.ethfollow.request.PeerNetwork;
import io.ethfollow.request.RequestExecutor;
import io.ethfollow.rlpx.RlpxConfig;
import io.ethfollow.rlpx.RlpxTransport;
import io.ethfollow.rlpx.SessionFailedException;
import io.ethfollow.time.Scheduler;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.serve.ChainReader;
import io.ethfollow.wire.serve.RequestServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devp2p half of the daemon in one place: RLPx transport (listen + dial), optional discv4, the
 * peer pool, the request executor and the eth session logic, wired so that discovery and static
 * peers feed the pool, the pool's actions become dials, disconnects and head probes, and the sync
 * engine talks to peers only through {@link #peers()} ({@link PeerNetwork}). The pool, the executor
 * and the sessions are owned by the one {@link Scheduler} thread given at start; Netty threads only
 * frame and hand off, and serving reads of the store run on the separate serve executor.
 */
public final class NetworkService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkService.class);

  /** What to start. {@code discovery} empty means no discv4 (static peers only). */
  public record Settings(
      RlpxConfig rlpx,
      Optional<DiscoveryConfig> discovery,
      PoolConfig pool,
      ExecutorConfig executor,
      List<Enode> staticPeers) {
    public Settings {
      staticPeers = List.copyOf(staticPeers);
    }
  }

  private final Scheduler scheduler;
  private final NodeKey key;
  private final NetworkCounters counters = new NetworkCounters();
  private final PeerPool pool;
  private final RequestExecutor executor;
  private final EthSessions sessions;
  private final Predicate<PeerAction> engine;
  private final PeerCache cache;

  /**
   * How often known good peers are saved to the cache (also at shutdown): a crash loses at most this
   * much peer history, and one small write every 5 min costs nothing.
   */
  static final Duration CACHE_SAVE_INTERVAL = Duration.ofMinutes(5);
  private RlpxTransport transport;
  private DiscoveryService discovery;
  /** Set when closing starts: the pool's last actions (re-dials after the shutdown disconnects) are dropped. */
  private volatile boolean closing;

  private NetworkService(
      ChainSpec spec,
      NodeKey key,
      Settings settings,
      Responder responder,
      Supplier<LocalHead> localHead,
      Scheduler scheduler,
      Executor serveExecutor,
      Predicate<PeerAction> engine,
      PeerCache cache) {
    this.scheduler = scheduler;
    this.key = key;
    this.engine = engine;
    this.cache = cache;
    this.pool = new PeerPool(settings.pool(), scheduler, this::onAction);
    this.executor = new RequestExecutor(pool, scheduler, settings.executor());
    this.sessions =
        new EthSessions(
            spec, localHead, pool, executor, responder, serveExecutor, scheduler, counters);
  }

  /**
   * Binds the RLPx port (and the discovery port), then feeds the static peers to the pool.
   *
   * @param engine the sync engine's share of the pool's actions, on the scheduler thread: it gets every
   *     {@code PeerAvailable} and {@code ProbeHead} and returns true for those it carried out; a
   *     {@code ProbeHead} it declines is done here (GetBlockHeaders from the known hash)
   * @param cache known good peers: loaded as candidates at start, saved every 5 min and at close
   * @throws IllegalStateException when a port cannot be bound
   */
  public static NetworkService start(
      ChainSpec spec,
      NodeKey key,
      Settings settings,
      ChainReader chain,
      Supplier<LocalHead> localHead,
      Scheduler scheduler,
      Executor serveExecutor,
      Predicate<PeerAction> engine,
      PeerCache cache) {
    return startWith(
        spec, key, settings, Responder.of(new RequestServer(chain)), localHead, scheduler,
        serveExecutor, engine, cache);
  }

  /**
   * As {@link #start}, with peers' requests answered by {@code responder} instead of straight from
   * a store: the devnet producer's way to inject serving faults without touching the daemon's path.
   */
  public static NetworkService startWith(
      ChainSpec spec,
      NodeKey key,
      Settings settings,
      Responder responder,
      Supplier<LocalHead> localHead,
      Scheduler scheduler,
      Executor serveExecutor,
      Predicate<PeerAction> engine,
      PeerCache cache) {
    NetworkService n =
        new NetworkService(
            spec, key, settings, responder, localHead, scheduler, serveExecutor, engine, cache);
    // The pool admits at most maxPeers sessions, but only after their eth Status: the transport
    // holds inbound sessions to the same number from their Hello on.
    RlpxConfig rlpx = settings.rlpx().withMaxInboundSessions(settings.pool().maxPeers());
    n.transport = RlpxTransport.start(rlpx, key, n.sessions, scheduler::execute);
    try {
      if (settings.discovery().isPresent()) {
        DiscoveryConfig config =
            settings
                .discovery()
                .get()
                .withTcpPort(n.transport.localAddress().getPort())
                .withForkId(
                    spec.forkId(localHead.get().number(), localHead.get().timestamp()),
                    ForkIdCheck.of(
                        spec.forkFilter(),
                        () -> localHead.get().number(),
                        () -> localHead.get().timestamp()));
        n.discovery =
            DiscoveryService.start(
                config, key, scheduler, node -> scheduler.execute(() -> n.pool.onCandidate(node.enode())));
      }
    } catch (RuntimeException e) {
      n.transport.close();
      throw e;
    }
    scheduler.execute(
        () -> {
          settings.staticPeers().forEach(n.pool::addStatic);
          // Peers that served us before the restart come first among the candidates.
          cache.load().forEach(c -> n.pool.onCandidate(c.enode()));
          n.scheduleCacheSave();
        });
    return n;
  }

  private void scheduleCacheSave() {
    scheduler.schedule(
        CACHE_SAVE_INTERVAL,
        () -> {
          if (!closing) {
            cache.save(pool.knownGoodPeers());
            scheduleCacheSave();
          }
        });
  }

  /** Runs the pool's requests; called on the scheduler thread by the pool. */
  private void onAction(PeerAction action) {
    if (closing && !(action instanceof PeerAction.Disconnect)) {
      return;
    }
    if (action instanceof PeerAction.Dial d) {
      dial(d.enode());
    } else if (action instanceof PeerAction.Disconnect d) {
      // The pool forgets a dropped peer before it emits this, so the session is found here.
      sessions.link(d.id()).ifPresent(l -> l.disconnect(d.reason().toCause()));
    } else if (engine.test(action)) {
      return;
    } else if (action instanceof PeerAction.ProbeHead p) {
      // The executor reports the answer's head to the pool (onHeadObserved); failures cost the peer.
      if (p.knownHash() != null) {
        executor.headers(p.id(), p.knownHash(), 1, 0, false);
      } else {
        executor.headers(p.id(), p.knownNumber(), 1, 0, false);
      }
    }
  }

  private void dial(Enode enode) {
    CompletableFuture<?> f = transport.dial(enode);
    f.whenComplete(
        (session, error) -> {
          if (error == null) {
            return; // the session reports itself through EthSessions.onConnected
          }
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          DropReason reason =
              cause instanceof SessionFailedException ? DropReason.HANDSHAKE_FAILED : DropReason.DIAL_FAILED;
          scheduler.execute(
              () -> {
                LOG.atDebug()
                    .setMessage("dial failed")
                    .addKeyValue("event", "dial_error")
                    .addKeyValue("peer", enode.shortId())
                    .addKeyValue("error", String.valueOf(cause))
                    .log();
                counters.dialsFailed.incrementAndGet();
                pool.onDisconnected(PeerId.of(enode), reason);
              });
        });
  }

  /**
   * Tells every eth/69 peer which blocks we now serve (BlockRangeUpdate), so their view of our head
   * moves without a probe. Safe from any thread (hops onto the scheduler thread).
   */
  public void announceRange(long earliest, long latest, io.ethfollow.chain.Hash latestHash) {
    EthMessage.BlockRangeUpdate update = new EthMessage.BlockRangeUpdate(earliest, latest, latestHash);
    scheduler.execute(() -> sessions.announceRange(update));
  }

  /** The interface the sync engine (and {@code ethfollow peer check}) uses to fetch from peers. */
  public PeerNetwork peers() {
    return executor;
  }

  /** The pool; query it only on the scheduler thread. */
  public PeerPool pool() {
    return pool;
  }

  /** Per-state peer counts; call on the scheduler thread. */
  public PoolCounts counts() {
    return pool.counts();
  }

  public NetworkCounters counters() {
    return counters;
  }

  /** Our enode URL: node id, the advertised (or bound) address and the RLPx/discovery ports. */
  public Enode enode(InetAddress advertised) {
    int tcp = transport.localAddress().getPort();
    int udp = discovery != null ? discovery.localAddress().getPort() : tcp;
    return new Enode(key.nodeId(), advertised, tcp, udp);
  }

  /** Stops discovery, disconnects every peer (client quitting) and closes the transport. */
  @Override
  public void close() {
    closing = true;
    if (discovery != null) {
      discovery.stop();
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      scheduler.execute(
          () -> {
            cache.save(pool.knownGoodPeers());
            pool.shutdown();
            done.complete(null);
          });
      done.get(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.atDebug().setMessage("pool shutdown did not finish").addKeyValue("error", e.toString()).log();
    }
    transport.close();
  }
}
