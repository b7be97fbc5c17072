package io.ethfollow.sync;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.PeerAction;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.peer.PeerRequirement;
import io.ethfollow.peer.PeerSnapshot;
import io.ethfollow.request.PeerNetwork;
import io.ethfollow.request.RequestOutcome;
import io.ethfollow.store.BlockData;
import io.ethfollow.store.BlockRef;
import io.ethfollow.store.BlockStore;
import io.ethfollow.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest pipeline: a state machine without IO of its own, on the one scheduler thread that also
 * runs the {@link PeerPool} and the request executor ({@link PeerNetwork}). Owns the mode and, per
 * mode, the work: in fast sync the {@link FastSync} (backward-linked headers, parallel bodies and
 * receipts, out-of-order writes); in follow mode a {@link BlockScheduler} (block work), the {@link
 * ChainWriter} (written head, reorder buffer), the {@link ReorgHandler}; in both the {@link
 * HeadTracker}. Peers and their heads stay in the pool and are read from it at every decision.
 *
 * <p>The loop is {@link #pump()}, one pass per event (a peer available, an answer, a head moved) or
 * timer (the earliest backoff end or deadline); it never polls. Its flow, top to bottom:
 * <ol>
 *   <li>STARTING: choose how to sync. A store that caught up before (it keeps the mark) follows (any
 *       gap after downtime is caught up in order by follow mode). A fresh one (or one an interrupted
 *       fast sync left, with or without holes) fast-syncs to a target header that
 *       {@code targetQuorum} peers serve with the same hash, {@code rollbackWindow} blocks below their head (where reorgs do not reach).
 *   <li>FAST_SYNC: the {@link FastSync} assigns header ranges and block work to idle peers; when every
 *       block from the start to the target is stored, follow mode takes over at the target.
 *   <li>FOLLOW: take back overdue work, add the blocks peers are known to have, give work to every
 *       peer the pool offers (idle and not cooling: the pool applies cooldowns before anything else),
 *       verify, write in order. A fetch is headers (from the parent of the first block, so the answer
 *       proves it extends what we have), then bodies, then receipts from the same peer.
 * </ol>
 * Bad data penalises the peer that sent it (through the pool); its blocks go back to work with that
 * peer backing off them. The shell feeds pool actions in with {@link #onPeerAction}; everything must
 * be called on the scheduler's thread.
 */
public final class SyncController {
  private static final Logger LOG = LoggerFactory.getLogger(SyncController.class);

  /** Pause before asking a new target quorum after one did not agree: peers' heads settle in a slot or so. */
  private static final Duration QUORUM_RETRY = Duration.ofSeconds(2);

  /** Peers asked beyond the quorum: with two spares, two peers on another branch (or slow) cannot block it. */
  private static final int QUORUM_SPARE = 2;

  private final SyncConfig config;
  private final FastSyncConfig fast;
  private final ChainSpec spec;
  private final Scheduler scheduler;
  private final PeerPool pool;
  private final PeerNetwork network;
  private final BlockStore store;
  private final HeadTracker tracker;
  private final TargetQuorum quorum;
  private final BlockFetcher fetcher;

  private SyncMode mode = SyncMode.STARTING;
  private String haltReason;
  private FastSync fastSync;
  private BlockScheduler blocks;
  private ChainWriter writer;
  private ReorgHandler reorgs;
  private long firstPeerAt = -1;
  private long quorumRetryAt;
  private boolean waitingNoted;
  private boolean pumpQueued;
  private Scheduler.Cancellable timer;
  private long timerAt = Long.MAX_VALUE;
  private long pumps;

  /** Follows (or fast-syncs) a store that already holds its anchor block, with default fast-sync settings. */
  public SyncController(SyncConfig config, Scheduler scheduler, PeerPool pool, PeerNetwork network, BlockStore store) {
    this(config, FastSyncConfig.defaults(), null, scheduler, pool, network, store);
  }

  /**
   * @param spec the chain; its genesis block anchors a fresh store that syncs from block 0 (null: the
   *     store must hold its anchor already, or sync from a later start block)
   */
  public SyncController(SyncConfig config, FastSyncConfig fast, ChainSpec spec, Scheduler scheduler, PeerPool pool,
      PeerNetwork network, BlockStore store) {
    this.config = config;
    this.fast = fast;
    this.spec = spec;
    this.scheduler = scheduler;
    this.pool = pool;
    this.network = network;
    this.store = store;
    this.blocks = new BlockScheduler(config, SyncMode.FOLLOW);
    this.tracker = new HeadTracker(config, scheduler, pool, network,
        () -> writer == null ? null : writer.head(), this::requestPump, this::suspectReorg);
    this.quorum = new TargetQuorum(network, scheduler);
    this.fetcher = new BlockFetcher(network, scheduler, pool);
  }

  /**
   * Starts. A store that caught up before follows at once; otherwise the first pass with peers
   * decides between fast sync and follow.
   */
  public void start() {
    if (finishedBefore()) {
      enterFollow(); // caught up once: a gap after downtime is caught up in order, with reorg handling
      return;
    }
    LOG.atInfo()
        .setMessage("sync starting")
        .addKeyValue("event", "sync_mode")
        .addKeyValue("mode", mode.jsonName())
        .addKeyValue("storedHead", store.localHead().map(BlockRef::number).orElse(-1L))
        .log();
    requestPump();
  }

  /** Pool actions the sync engine executes: PeerAvailable (work may be assignable) and ProbeHead. */
  public void onPeerAction(PeerAction action) {
    if (action instanceof PeerAction.PeerAvailable) {
      if (hasWork()) {
        requestPump(); // an idle peer with nothing to do stays idle in the pool: no pass, no wake-up
      }
    } else if (action instanceof PeerAction.ProbeHead p) {
      tracker.onProbeHead(p);
    }
  }

  public SyncStatus status() {
    long networkHead = pool.bestConfirmedHead().orElse(-1); // announcements nobody served do not count
    int reporting = 0;
    for (PeerSnapshot p : pool.peers()) {
      if (networkHead >= 0 && p.confirmedNumber() >= networkHead) {
        reporting++;
      }
    }
    BlockRef local = writer != null ? writer.headRef() : store.localHead().orElse(null);
    long localNumber = local == null ? -1 : local.number();
    BlockScheduler work = fastSync != null ? fastSync.blocks() : blocks;
    return new SyncStatus(mode, local, store.contiguousHead().orElse(-1), networkHead, reporting,
        Math.max(0, networkHead - localNumber), work.pendingCount(), work.inFlightCount(), work.escalatedCount(),
        writer == null ? 0 : writer.buffered(), wakeUps(), haltReason,
        fastSync == null ? -1 : fastSync.target().number(), fastSync == null ? 0 : fastSync.remaining());
  }

  /** Times the engine's own tasks ran: pump passes, timer wake-ups and head-tracker ticks. */
  public long wakeUps() {
    return pumps + tracker.ticks();
  }

  public long headProbes() {
    return tracker.probes();
  }

  /** The follow-mode block scheduler (read-only use in tests and status). */
  public BlockScheduler blocks() {
    return blocks;
  }

  public SyncMode mode() {
    return mode;
  }

  // ------------------------------------------------------------------ the loop

  /** Whether a pass could assign anything: deciding, fast-syncing, or blocks wait / a peer has more. */
  private boolean hasWork() {
    if (mode == SyncMode.STARTING || mode == SyncMode.FAST_SYNC) {
      return true;
    }
    if (mode != SyncMode.FOLLOW) {
      return false;
    }
    long known = Math.max(writer.head().number(), blocks.addedUpTo());
    return blocks.lowestWaiting().isPresent() || pool.bestHead().orElse(-1) > known;
  }

  /** Runs {@link #pump()} once soon; any number of requests before it runs coalesce into one pass. */
  private void requestPump() {
    if (!pumpQueued && mode != SyncMode.HALTED) {
      pumpQueued = true;
      scheduler.execute(this::pump);
    }
  }

  private void pump() {
    pumpQueued = false;
    pumps++;
    long now = scheduler.nowMillis();
    switch (mode) {
      case STARTING -> chooseHowToSync(now);
      case FAST_SYNC -> fastSyncPass(now);
      case FOLLOW -> followPass(now);
      default -> {
        return;
      }
    }
    if (mode != SyncMode.HALTED) {
      sleepUntilSomethingIsDue(now);
    }
  }

  // ------------------------------------------------------------------ starting: fast sync or follow?

  private void chooseHowToSync(long now) {
    List<Long> heads = new ArrayList<>();
    for (PeerSnapshot p : pool.peers()) {
      if (p.headNumber() >= 0) {
        heads.add(p.headNumber());
      }
    }
    if (heads.isEmpty()) {
      return; // a peer's arrival (PeerAvailable) brings the next pass
    }
    heads.sort((a, b) -> Long.compare(b, a));
    if (firstPeerAt < 0) {
      firstPeerAt = now;
    }
    if (store.localHead().isEmpty() && spec != null
        && store.syncStart().orElseGet(() -> fast.start().resolve(heads.get(0))) == 0) {
      SyncAnchor.ensure(spec, store); // start 0 for the highest head is start 0 for any quorum's head
    }
    if (closeEnoughToFollow(heads.get(0))) {
      enterFollow(); // only the anchor is stored and the chain is short: follow catches up in order
      return;
    }
    int needed;
    if (heads.size() >= fast.targetQuorum()) {
      needed = fast.targetQuorum();
    } else if (fast.settleForMajority() && now >= firstPeerAt + fast.targetGrace().toMillis()) {
      needed = heads.size() / 2 + 1; // DESIGN §4: a majority of the few peers the operator chose
    } else {
      return; // more peers (or, static peers only, the end of the grace period: the timer) bring a pass
    }
    long quorumHead = heads.get(needed - 1);
    long start = store.syncStart().orElseGet(() -> fast.start().resolve(quorumHead));
    long stored = store.localHead().map(BlockRef::number).orElse(-1L);
    long target = Math.max(quorumHead - config.rollbackWindow(), start);
    if (target > quorumHead) {
      noteWaiting(start, quorumHead);
      return;
    }
    // An earlier run's target may lie above: then the stored head is the target, once a quorum still serves it.
    long height = Math.max(stored, target);
    if (quorum.busy() || now < quorumRetryAt) {
      return;
    }
    List<PeerSnapshot> idle = pool.selectAll(PeerRequirement.headers(height, height));
    if (idle.size() < needed) {
      return; // the quorum's peers are busy; each one's PeerAvailable brings another pass
    }
    List<PeerId> askers = new ArrayList<>();
    for (int i = 0; i < Math.min(idle.size(), needed + QUORUM_SPARE); i++) {
      askers.add(idle.get(i).id()); // a spare or two: one liar or a timeout must not spoil the round
    }
    int votes = needed;
    quorum.ask(height, askers, needed, agreed -> onTargetQuorum(agreed, start, votes));
  }

  private void onTargetQuorum(Optional<BlockHeader> agreed, long start, int votes) {
    if (mode != SyncMode.STARTING) {
      return;
    }
    Optional<Hash> storedHash = agreed.flatMap(h -> store.canonicalHash(h.number()));
    if (storedHash.isPresent() && !storedHash.get().equals(agreed.get().hash())) {
      halt("stored block " + agreed.get().number() + " is not the block " + votes + " peers serve at that height ("
          + agreed.get().hash().toHex() + "); this data dir holds another branch");
      return;
    }
    if (agreed.isEmpty()) {
      LOG.atDebug()
          .setMessage("fast-sync target not agreed; asking again")
          .addKeyValue("event", "sync_target_disagreement")
          .log();
      quorumRetryAt = scheduler.nowMillis() + QUORUM_RETRY.toMillis();
      requestPump();
      return;
    }
    LOG.atInfo()
        .setMessage("fast-sync target agreed")
        .addKeyValue("event", "sync_target")
        .addKeyValue("number", agreed.get().number())
        .addKeyValue("hash", agreed.get().hash().toHex())
        .addKeyValue("peers", votes)
        .log();
    beginFastSync(agreed.get(), start);
  }

  private void beginFastSync(BlockHeader target, long start) {
    if (store.localHead().isEmpty() && start == 0 && spec != null) {
      SyncAnchor.ensure(spec, store); // block 0 is the spec's genesis, not something a peer sends
    }
    if (store.syncStart().isEmpty()) {
      store.setSyncStart(start);
    }
    long low = store.contiguousHead().orElse(start - 1) + 1;
    Hash lowParent = low - 1 >= start ? store.canonicalHash(low - 1).orElse(null)
        : low == 1 && spec != null ? spec.genesisHash() : null;
    fastSync = new FastSync(config, fast, scheduler, pool, network, store, target, low, lowParent, this::requestPump);
    mode = SyncMode.FAST_SYNC;
    LOG.atInfo()
        .setMessage("fast sync")
        .addKeyValue("event", "sync_mode")
        .addKeyValue("mode", mode.jsonName())
        .addKeyValue("from", low)
        .addKeyValue("target", target.number())
        .addKeyValue("blocks", fastSync.remaining())
        .log();
    pool.onRequiredHead(low);
    requestPump();
  }

  /** One INFO line while the start block is above every head peers report; once per wait. */
  private void noteWaiting(long start, long head) {
    if (!waitingNoted) {
      waitingNoted = true;
      LOG.atInfo()
          .setMessage("start block is above the network head; waiting for the chain to reach it")
          .addKeyValue("event", "sync_waiting")
          .addKeyValue("start", start)
          .addKeyValue("networkHead", head)
          .log();
    }
  }

  /**
   * The store holds its anchor with nothing missing below it, and the best head any peer reports is
   * at most {@code minGap} blocks beyond where a fast sync would stop: follow mode catches that up.
   */
  private boolean closeEnoughToFollow(long bestHead) {
    OptionalLong contiguous = store.contiguousHead();
    long stored = store.localHead().map(BlockRef::number).orElse(-1L);
    return contiguous.isPresent() && contiguous.getAsLong() == stored
        && bestHead - config.rollbackWindow() - stored <= fast.minGap();
  }

  /**
   * This store caught up once (fast sync done or followed: the store keeps that mark) and holds blocks
   * above the start block with none missing. Contiguous blocks alone do not say it: a fast sync
   * stopped while its lowest ranges were complete leaves them too, and resumes as a fast sync.
   */
  private boolean finishedBefore() {
    OptionalLong contiguous = store.contiguousHead();
    long stored = store.localHead().map(BlockRef::number).orElse(-1L);
    return store.caughtUp() && contiguous.isPresent() && contiguous.getAsLong() == stored
        && stored > store.syncStart().orElse(Long.MAX_VALUE);
  }

  // ------------------------------------------------------------------ fast sync

  private void fastSyncPass(long now) {
    fastSync.assign(now);
    if (fastSync.failure() != null) {
      fastSync.close();
      halt(fastSync.failure());
    } else if (fastSync.done()) {
      fastSync.close();
      long target = fastSync.target().number();
      if (store.contiguousHead().orElse(-1) != target) {
        halt("fast sync to " + target + " finished but the store is complete only to "
            + store.contiguousHead().orElse(-1) + "; a restart resumes it");
        return;
      }
      LOG.atInfo()
          .setMessage("fast sync complete")
          .addKeyValue("event", "fast_sync_done")
          .addKeyValue("target", target)
          .log();
      fastSync = null;
      enterFollow();
    }
  }

  // ------------------------------------------------------------------ follow

  private void enterFollow() {
    store.markCaughtUp(); // from now on a restart follows: follow mode handles a reorg of the stored head
    writer = new ChainWriter(store);
    blocks = new BlockScheduler(config, SyncMode.FOLLOW);
    reorgs = new ReorgHandler(config, scheduler, pool, network, writer, this::onReorgVerdict);
    mode = SyncMode.FOLLOW;
    LOG.atInfo()
        .setMessage("following")
        .addKeyValue("event", "sync_mode")
        .addKeyValue("mode", mode.jsonName())
        .addKeyValue("head", writer.head().number())
        .log();
    pool.onRequiredHead(writer.head().number());
    tracker.start();
    requestPump();
  }

  private void followPass(long now) {
    blocks.reclaimOverdue(now);
    addKnownBlocks();
    assignWork(now);
  }

  /** Blocks between our head and the best head in the pool become work (at most maxAhead above our head). */
  private void addKnownBlocks() {
    long head = writer.head().number();
    long best = Math.min(pool.bestHead().orElse(-1), head + config.maxAhead());
    long from = Math.max(head, blocks.addedUpTo()) + 1;
    if (best >= from) {
      blocks.add(from, best);
    }
  }

  /** Every peer the pool offers now (idle, not cooling, head at least the lowest waiting block) may get work. */
  private void assignWork(long now) {
    OptionalLong lowest = blocks.lowestWaiting();
    if (lowest.isEmpty()) {
      return;
    }
    long limit = writer.head().number() + config.maxAhead();
    for (PeerSnapshot peer : pool.selectAll(PeerRequirement.headers(lowest.getAsLong(), lowest.getAsLong()))) {
      Optional<Assignment> a = blocks.assign(peer.id(), peer.headNumber(), limit, now);
      a.ifPresent(this::fetch);
    }
  }

  /** One timer at the earliest backoff end, deadline or grace end; none when only events can bring work. */
  private void sleepUntilSomethingIsDue(long now) {
    OptionalLong next = switch (mode) {
      case STARTING -> startingWakeAt(now);
      case FAST_SYNC -> fastSync.nextWakeAt(now);
      case FOLLOW -> blocks.nextWakeAt(now);
      default -> OptionalLong.empty();
    };
    long at = next.isPresent() ? Math.max(next.getAsLong(), now + 1) : Long.MAX_VALUE;
    if (at == timerAt) {
      return;
    }
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    timerAt = at;
    if (at != Long.MAX_VALUE) {
      timer = scheduler.schedule(Duration.ofMillis(at - now), () -> {
        timer = null;
        timerAt = Long.MAX_VALUE;
        pump();
      });
    }
  }

  /** While starting, time matters only for the end of the quorum grace period and the quorum retry. */
  private OptionalLong startingWakeAt(long now) {
    long at = Long.MAX_VALUE;
    if (firstPeerAt >= 0 && firstPeerAt + fast.targetGrace().toMillis() > now) {
      at = firstPeerAt + fast.targetGrace().toMillis();
    }
    if (quorumRetryAt > now) {
      at = Math.min(at, quorumRetryAt);
    }
    return at == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(at);
  }

  // ------------------------------------------------------------------ one follow fetch: headers, bodies, receipts

  private void fetch(Assignment a) {
    long anchor = a.from() - 1;
    Answers.handle(network.headers(a.peer(), anchor, a.size() + 1, 0, false), scheduler, o -> onHeaders(a, o));
  }

  private void onHeaders(Assignment a, RequestOutcome<List<BlockHeader>> o) {
    List<BlockHeader> headers = Outcomes.items(o);
    if (headers.isEmpty()) {
      settle(a, a.from() - 1);
      return;
    }
    BlockHeader anchor = headers.get(0);
    Hash known = writer.knownHash(anchor.number());
    if (known != null && !known.equals(anchor.hash())) {
      settle(a, a.from() - 1); // this peer is on another branch at the anchor
      if (anchor.number() == writer.head().number()) {
        suspectReorg(a.peer());
      }
      return;
    }
    List<BlockHeader> wanted = headers.subList(1, headers.size());
    if (wanted.isEmpty()) {
      settle(a, a.from() - 1); // not there yet: at the tip this is propagation delay
      return;
    }
    fetcher.fetch(a.peer(), wanted, blocks -> onBlocks(a, blocks));
  }

  /** Verified blocks of assignment {@code a} (a prefix, maybe empty): to the writer, which links them in order. */
  private void onBlocks(Assignment a, List<BlockData> verified) {
    if (mode != SyncMode.FOLLOW) {
      return;
    }
    for (BlockData b : verified) {
      writer.add(new ChainWriter.Verified(b, a.peer()));
    }
    settle(a, a.from() + verified.size() - 1);
    write();
  }

  /** Records the result with the block scheduler and wakes the loop (the peer may take more work). */
  private void settle(Assignment a, long deliveredUpTo) {
    blocks.onResult(a, deliveredUpTo, scheduler.nowMillis());
    requestPump();
  }

  private void write() {
    long before = writer.head().number();
    ChainWriter.Unlinked unlinked = writer.writeReady();
    if (unlinked != null) {
      long now = scheduler.nowMillis();
      blocks.retry(unlinked.number(), unlinked.from(), now);
      for (ChainWriter.Verified v : writer.dropBufferedFrom(unlinked.number())) {
        blocks.retry(v.block().number(), v.from(), now);
      }
      if (unlinked.atHead()) {
        suspectReorg(unlinked.from());
      }
    }
    if (writer.head().number() != before) {
      pool.onRequiredHead(writer.head().number());
    }
  }

  // ------------------------------------------------------------------ reorgs

  private void suspectReorg(PeerId peer) {
    if (mode == SyncMode.FOLLOW) {
      reorgs.suspect(peer);
    }
  }

  private void onReorgVerdict(ReorgHandler.Verdict v) {
    if (v instanceof ReorgHandler.Verdict.RollBack r) {
      LOG.atInfo()
          .setMessage("chain reorganised: rolling back")
          .addKeyValue("event", "reorg")
          .addKeyValue("ancestor", r.ancestor())
          .addKeyValue("depth", r.depth())
          .log();
      blocks.dropAbove(r.ancestor());
      writer.rollbackTo(r.ancestor());
      pool.onRequiredHead(r.ancestor());
      requestPump();
    } else if (v instanceof ReorgHandler.Verdict.Halt h) {
      halt(h.reason());
    }
  }

  private void halt(String reason) {
    mode = SyncMode.HALTED;
    haltReason = reason;
    tracker.stop();
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    LOG.atError()
        .setMessage("sync halted")
        .addKeyValue("event", "sync_halted")
        .addKeyValue("reason", reason)
        .log();
  }
}
