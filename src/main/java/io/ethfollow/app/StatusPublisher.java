package io.ethfollow.app;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.network.LocalHead;
import io.ethfollow.network.NetworkCounters;
import io.ethfollow.network.NetworkService;
import io.ethfollow.peer.PeerLink;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.peer.PeerSnapshot;
import io.ethfollow.peer.PoolCounts;
import io.ethfollow.status.HealthVerdict;
import io.ethfollow.status.PeerEntry;
import io.ethfollow.status.PeersSource;
import io.ethfollow.status.StatusDocument;
import io.ethfollow.status.StatusSource;
import io.ethfollow.store.BlockRef;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.StoreCorruptionException;
import io.ethfollow.store.StoreDamage;
import io.ethfollow.store.StoreStats;
import io.ethfollow.sync.SyncController;
import io.ethfollow.sync.SyncMode;
import io.ethfollow.sync.SyncStatus;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the {@code /status} document from the chain spec, the store, the network and the sync
 * engine, and publishes it for the HTTP threads (through {@link PublishedStatus}, which keeps
 * {@code stopping} sticky), together with the {@code /peers} list; also keeps the {@link LocalHead}
 * our eth Status announces, hands a sync halt to the daemon once ({@link HaltRelay}) and gives each
 * published document to a listener (the {@link ProgressReporter}). {@link #refresh()} runs on the
 * daemon's scheduler thread (the thread that owns the peer pool, and a store reader);
 * {@link #current()}, {@link #peers()} and {@link #localHead()} may be called from any thread and
 * only read the last published values; {@link #stopping()} runs on the main thread.
 */
final class StatusPublisher implements StatusSource, PeersSource {
  private final ChainSpec spec;
  private final BlockStore store;
  private final String dataDir;
  private final Clock clock;
  private final Duration maxHeadAge;
  private final long startedMillis;
  private final PublishedStatus published = new PublishedStatus();
  private final HaltRelay halt = new HaltRelay();
  private final BlockRate rate = new BlockRate();
  private final AtomicReference<List<PeerEntry>> latestPeers = new AtomicReference<>(List.of());
  private volatile LocalHead localHead;
  private volatile NetworkService network;
  private volatile String enode;
  private volatile SyncController sync;
  private volatile java.util.function.Consumer<StatusDocument> onPublish = d -> {};

  StatusPublisher(ChainSpec spec, BlockStore store, String dataDir, Clock clock) {
    this(spec, store, dataDir, clock, HealthVerdict.DEFAULT_MAX_HEAD_AGE);
  }

  /** @param maxHeadAge {@code /health} turns 503 when following with a local head older than this */
  StatusPublisher(ChainSpec spec, BlockStore store, String dataDir, Clock clock, Duration maxHeadAge) {
    this.maxHeadAge = maxHeadAge;
    this.spec = spec;
    this.store = store;
    this.dataDir = dataDir;
    this.clock = clock;
    this.startedMillis = clock.millis();
    refresh();
  }

  /** Adds the network's figures from the next refresh on. */
  void attach(NetworkService service, String enodeUrl) {
    this.network = service;
    this.enode = enodeUrl;
  }

  /** Adds the sync engine's figures from the next refresh on. */
  void attach(SyncController controller) {
    this.sync = controller;
  }

  /**
   * Adds the sync engine's figures from the next refresh on; {@code haltHandler} runs once if it
   * halts (also for a halt an earlier refresh saw before the handler was there).
   */
  void attach(SyncController controller, java.util.function.Consumer<String> haltHandler) {
    this.sync = controller;
    halt.handler(haltHandler);
  }

  /** Gets every published document, on the refreshing thread, after it is published (not while stopping). */
  void onPublish(java.util.function.Consumer<StatusDocument> listener) {
    this.onPublish = listener;
  }

  /**
   * Shows {@code stopping} from now on and republishes; a refresh running concurrently cannot bring
   * the engine's mode back. The daemon's stop is the only caller: other modes come from the engine.
   */
  void stopping() {
    published.stopping();
  }

  /** The mode shown by a process without a sync engine (a devnet producer shows {@code producing}). */
  void fixedMode(String value) {
    published.fixedMode(value);
  }

  /** What our eth Status says: the stored head, or genesis while the store is empty. */
  LocalHead localHead() {
    return localHead;
  }

  /** Re-reads heads and sizes from the store (and the pool) and publishes a new snapshot. */
  void refresh() {
    StoreStats stats = store.stats();
    StoreDamage damage = store.damage();
    Optional<BlockRef> head = store.localHead();
    try {
      localHead = head.flatMap(h -> store.header(h.hash()))
          .map(h -> new LocalHead(h.number(), h.hash(), h.timestamp(), store.syncStart().orElse(0)))
          .orElseGet(this::genesisHead);
    } catch (StoreCorruptionException e) {
      // The head's header is damaged (logged and counted by the store): keep announcing the last
      // head we could read; /health shows the damage.
      if (localHead == null) {
        localHead = genesisHead();
      }
    }
    StatusDocument.Head shown =
        head.map(h -> new StatusDocument.Head(h.number(), h.hash().toHex())).orElse(null);
    Long contiguous = store.contiguousHead().isPresent() ? store.contiguousHead().getAsLong() : null;
    NetworkService n = network;
    SyncController c = sync;
    SyncStatus st = c == null ? null : c.status();
    String mode = st == null ? published.mode() : st.mode().jsonName();
    StatusDocument.NetworkHead nh = n == null ? null : networkHead(n);
    latestPeers.set(n == null ? List.of() : peerEntries(n.pool(), clock.millis()));
    Long lag = st == null || nh == null || shown == null ? null : Math.max(0, nh.number() - shown.number());
    StatusDocument doc =
        published.publish(
        new StatusDocument(
            Version.VERSION,
            spec.name(),
            spec.chainId(),
            spec.genesisHash().toHex(),
            mode,
            shown,
            contiguous,
            new StatusDocument.Storage(stats.blocks(), stats.totalBytes(),
                damage.damagedEntries(), damage.backgroundError()),
            dataDir,
            (clock.millis() - startedMillis) / 1000,
            nh,
            n == null ? null : peers(n.counts()),
            enode,
            n == null ? null : counters(n.counters()),
            lag,
            st == null ? null : new StatusDocument.Queue(st.pending(), st.inFlight(), st.escalated()),
            st == null ? null : st.haltReason(),
            rates(shown, stats.blocks()),
            st == null || st.fastSyncTarget() < 0 ? null
                : new StatusDocument.FastSync(st.fastSyncTarget(), st.fastSyncRemaining()),
            head.isEmpty() ? null : Math.max(0, clock.millis() / 1000 - localHead.timestamp())));
    if (st != null && st.mode() == SyncMode.HALTED) {
      halt.halted(st.haltReason());
    }
    if (!published.isStopping()) {
      onPublish.accept(doc);
    }
  }

  /** Blocks written per second (the stored count: in fast sync the head stands still while the range fills). */
  private StatusDocument.Rates rates(StatusDocument.Head head, long storedBlocks) {
    if (head == null) {
      return null;
    }
    rate.add(clock.millis(), storedBlocks);
    return new StatusDocument.Rates(round(rate.perSecond1m()), round(rate.perSecond5m()));
  }

  /** Three decimals: 1 block per 12 s slot is 0.083, and more digits are noise. */
  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private LocalHead genesisHead() {
    long time = spec.genesisHeader().map(BlockHeader::timestamp).orElse(spec.genesisTimestamp());
    return new LocalHead(0, spec.genesisHash(), time, 0);
  }

  /** The highest head a peer stood behind (Status or served headers; not mere announcements). */
  private static StatusDocument.NetworkHead networkHead(NetworkService n) {
    PeerSnapshot best = null;
    for (PeerSnapshot p : n.pool().peers()) {
      if (p.confirmedHash() != null && p.confirmedNumber() >= 0
          && (best == null || p.confirmedNumber() > best.confirmedNumber())) {
        best = p;
      }
    }
    if (best == null) {
      return null;
    }
    int reporting = 0;
    for (PeerSnapshot p : n.pool().peers()) {
      if (p.confirmedNumber() >= best.confirmedNumber()) {
        reporting++;
      }
    }
    return new StatusDocument.NetworkHead(best.confirmedNumber(), best.confirmedHash().toHex(), reporting);
  }

  /** The pool's connected peers for {@code /peers}; the pool may only be read here, on its thread. */
  private static List<PeerEntry> peerEntries(PeerPool pool, long nowMillis) {
    List<PeerSnapshot> snapshots = pool.peers();
    List<PeerEntry> out = new ArrayList<>(snapshots.size());
    for (PeerSnapshot p : snapshots) {
      StatusDocument.Head head =
          p.headHash() == null || p.headNumber() < 0
              ? null
              : new StatusDocument.Head(p.headNumber(), p.headHash().toHex());
      String cooldown =
          p.suitableAfterMillis() > nowMillis ? Instant.ofEpochMilli(p.suitableAfterMillis()).toString() : null;
      String remote =
          pool.link(p.id()).map(PeerLink::remoteAddress).map(StatusPublisher::hostPort).orElse(null);
      out.add(
          new PeerEntry(
              p.id().hex(), p.id().shortId(), p.clientId(), p.ethVersion(), head,
              p.state().name().toLowerCase(Locale.ROOT), cooldown, p.reputation(), pool.inFlight(p.id()),
              remote, p.isStatic()));
    }
    return List.copyOf(out);
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private static StatusDocument.Peers peers(PoolCounts c) {
    return new StatusDocument.Peers(
        c.connected(), c.ready(), c.busy(), c.cooling(), c.stale(), c.banned(), c.dialing(), c.candidates());
  }

  private static StatusDocument.P2p counters(NetworkCounters c) {
    return new StatusDocument.P2p(
        c.sessionsOpened(), c.handshakesFailed(), c.statusRejected(), c.badMessages(),
        c.requestsServed(), c.dialsFailed(), c.connectionsRefused());
  }

  @Override
  public StatusDocument current() {
    return published.current();
  }

  @Override
  public HealthVerdict health(StatusDocument doc) {
    return HealthVerdict.of(doc, maxHeadAge);
  }

  @Override
  public List<PeerEntry> peers() {
    return latestPeers.get();
  }
}
