package io.ethfollow.sync;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Transaction;
import io.ethfollow.peer.OutcomeKind;
import io.ethfollow.peer.PeerAction;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.peer.PeerRequirement;
import io.ethfollow.peer.PeerSnapshot;
import io.ethfollow.request.PeerNetwork;
import io.ethfollow.request.RequestOutcome;
import io.ethfollow.store.BlockData;
import io.ethfollow.store.BlockStore;
import io.ethfollow.time.Scheduler;
import io.ethfollow.wire.eth.EthMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest pipeline in follow mode: a state machine without IO of its own, on the one scheduler
 * thread that also runs the {@link PeerPool} and the request executor ({@link PeerNetwork}). Owns the
 * mode, the {@link BlockScheduler} (block work), the {@link ChainWriter} (written head, reorder
 * buffer), the {@link HeadTracker} and the {@link ReorgHandler}; peers and their heads stay in the pool
 * and are read from it at every decision.
 *
 * <p>The loop is {@link #pump()}: take back overdue work, add the blocks peers are known to have,
 * give work to every peer the pool offers (idle and not cooling: the pool applies cooldowns before
 * anything else), then sleep until an event (a peer available, a result, a head moved) or the
 * earliest time the block scheduler says something becomes assignable. A fetch is headers (from the
 * parent of the first block, so the answer proves it extends what we have), then bodies, then
 * receipts from the same peer; every block is verified against its header; verified blocks are written
 * in order, with their checkpoint, by the writer. Bad data penalises the peer that sent it (through the
 * pool) and its blocks go back to work with that peer backing off them.
 *
 * <p>The shell feeds pool actions in with {@link #onPeerAction}; everything must be called on the
 * scheduler's thread.
 */
public final class SyncController {
  private static final Logger LOG = LoggerFactory.getLogger(SyncController.class);

  private final SyncConfig config;
  private final Scheduler scheduler;
  private final PeerPool pool;
  private final PeerNetwork network;
  private final BlockStore store;
  private final BlockScheduler blocks;
  private final ChainWriter writer;
  private final HeadTracker tracker;
  private final ReorgHandler reorgs;

  private SyncMode mode = SyncMode.STARTING;
  private String haltReason;
  private boolean pumpQueued;
  private Scheduler.Cancellable timer;
  private long timerAt = Long.MAX_VALUE;
  private long pumps;

  public SyncController(SyncConfig config, Scheduler scheduler, PeerPool pool, PeerNetwork network, BlockStore store) {
    this.config = config;
    this.scheduler = scheduler;
    this.pool = pool;
    this.network = network;
    this.store = store;
    this.blocks = new BlockScheduler(config, SyncMode.FOLLOW);
    this.writer = new ChainWriter(store);
    this.tracker = new HeadTracker(config, scheduler, pool, network, writer, this::requestPump, this::suspectReorg);
    this.reorgs = new ReorgHandler(config, pool, network, writer, this::onReorgVerdict);
  }

  /** Starts following from the store's head (the anchor must be stored). */
  public void start() {
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
    long networkHead = pool.bestHead().orElse(-1);
    int reporting = 0;
    for (PeerSnapshot p : pool.peers()) {
      if (networkHead >= 0 && p.headNumber() >= networkHead) {
        reporting++;
      }
    }
    long local = writer.head().number();
    return new SyncStatus(mode, writer.headRef(), store.contiguousHead().orElse(-1), networkHead, reporting,
        Math.max(0, networkHead - local), blocks.pendingCount(), blocks.inFlightCount(), blocks.escalatedCount(),
        writer.buffered(), wakeUps(), haltReason);
  }

  /** Times the engine's own tasks ran: pump passes, timer wake-ups and head-tracker ticks. */
  public long wakeUps() {
    return pumps + tracker.ticks();
  }

  public long headProbes() {
    return tracker.probes();
  }

  /** The block scheduler (read-only use in tests and status). */
  public BlockScheduler blocks() {
    return blocks;
  }

  // ------------------------------------------------------------------ the loop

  /** Whether a pass could assign anything: blocks wait, or a peer is known to have more than we took on. */
  private boolean hasWork() {
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
    if (mode == SyncMode.HALTED) {
      return;
    }
    long now = scheduler.nowMillis();
    blocks.reclaimOverdue(now);
    addKnownBlocks();
    assignWork(now);
    sleepUntilSomethingIsDue(now);
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

  /** One timer at the earliest backoff end or deadline; none when only events can bring work. */
  private void sleepUntilSomethingIsDue(long now) {
    OptionalLong next = blocks.nextWakeAt(now);
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

  // ------------------------------------------------------------------ one fetch: headers, bodies, receipts

  private void fetch(Assignment a) {
    long anchor = a.from() - 1;
    network.headers(a.peer(), anchor, a.size() + 1, 0, false)
        .whenComplete((o, err) -> onHeaders(a, err == null ? o : null));
  }

  private void onHeaders(Assignment a, RequestOutcome<List<BlockHeader>> o) {
    List<BlockHeader> headers = HeadTracker.value(o);
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
    network.bodies(a.peer(), wanted).whenComplete((b, err) -> onBodies(a, wanted, err == null ? b : null));
  }

  private void onBodies(Assignment a, List<BlockHeader> headers, RequestOutcome<List<BlockBody>> o) {
    List<BlockBody> bodies = valueOf(o);
    if (bodies.isEmpty()) {
      settle(a, a.from() - 1);
      return;
    }
    List<BlockHeader> withBodies = headers.subList(0, bodies.size());
    network.receipts(a.peer(), withBodies)
        .whenComplete((r, err) -> onReceipts(a, withBodies, bodies, err == null ? r : null));
  }

  private void onReceipts(Assignment a, List<BlockHeader> headers, List<BlockBody> bodies,
      RequestOutcome<List<EthMessage.BlockReceipts>> o) {
    List<EthMessage.BlockReceipts> receipts = valueOf(o);
    long delivered = a.from() - 1;
    for (int i = 0; i < receipts.size(); i++) {
      BlockHeader h = headers.get(i);
      BlockBody body = bodies.get(i);
      if (!BlockVerifier.verify(h, body, receipts.get(i).receipts()).passed()) {
        penalise(a.peer(), "block " + h.number() + " does not match its header");
        break;
      }
      List<Hash> txs = new ArrayList<>(body.transactions().size());
      for (Transaction t : body.transactions()) {
        txs.add(t.hash());
      }
      writer.add(new ChainWriter.Verified(new BlockData(h, body.encode(), receipts.get(i).eth69Rlp(), txs), a.peer()));
      delivered = h.number();
    }
    settle(a, delivered);
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

  private void penalise(PeerId peer, String why) {
    LOG.atDebug()
        .setMessage("bad block data")
        .addKeyValue("event", "bad_block_data")
        .addKeyValue("peer", peer.shortId())
        .addKeyValue("why", why)
        .log();
    pool.onRequestOutcome(peer, OutcomeKind.INVALID);
  }

  // ------------------------------------------------------------------ reorgs

  private void suspectReorg(PeerId peer) {
    if (mode != SyncMode.HALTED) {
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
        .setMessage("following halted")
        .addKeyValue("event", "sync_halted")
        .addKeyValue("reason", reason)
        .log();
  }

  private static <T> List<T> valueOf(RequestOutcome<List<T>> o) {
    if (o instanceof RequestOutcome.Ok<List<T>> ok) {
      return ok.value();
    }
    if (o instanceof RequestOutcome.Partial<List<T>> p) {
      return p.value();
    }
    return List.of();
  }
}
