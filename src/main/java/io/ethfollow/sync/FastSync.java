package io.ethfollow.sync;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.peer.PeerRequirement;
import io.ethfollow.peer.PeerSnapshot;
import io.ethfollow.request.PeerNetwork;
import io.ethfollow.request.RequestOutcome;
import io.ethfollow.store.BlockData;
import io.ethfollow.store.BlockRange;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.RangeSet;
import io.ethfollow.time.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One fast sync of {@code low..target}: headers linked backward from the agreed target by the {@link
 * HeaderLinker}, then bodies and receipts of linked blocks from every useful peer in parallel, each
 * block verified against its (anchored) header and written as soon as it is complete, in any order —
 * the store's completed ranges are the resumable checkpoint. Owns the linker, a {@link BlockScheduler}
 * in fast-sync mode (long backoff: a miss far from the tip is a peer that pruned or is slow) and the
 * linked headers whose blocks are not stored yet (at most {@code maxAhead} of them: memory stays
 * bounded however long the range). Peers with an eth/69 {@code earliest} above a block never get it;
 * empty answers back a peer off a block for up to two minutes, so old history drifts to peers that
 * keep it. Runs on the scheduler's thread; {@link SyncController} drives it.
 */
final class FastSync {
  private final SyncConfig config;
  private final FastSyncConfig fast;
  private final PeerPool pool;
  private final PeerNetwork network;
  private final BlockStore store;
  private final Scheduler scheduler;
  private final Runnable wake;
  private final BlockHeader target;
  private final long low;
  private final HeaderLinker linker;
  private final BlockScheduler blocks;
  private final BlockFetcher fetcher;
  private final Map<Long, BlockHeader> linked = new HashMap<>();
  private final long toWrite;
  private long written;
  private String failure;
  /** Set on failure or completion: answers still in flight are dropped, nothing more is written. */
  private boolean closed;

  /**
   * @param low lowest block to sync; blocks already stored in {@code low..target} are skipped
   * @param lowParent hash block {@code low}'s parent must have, null when nothing below is known
   * @param wake asks the controller for a pass (an answer came back)
   */
  FastSync(SyncConfig config, FastSyncConfig fast, Scheduler scheduler, PeerPool pool, PeerNetwork network,
      BlockStore store, BlockHeader target, long low, Hash lowParent, Runnable wake) {
    this.scheduler = scheduler;
    this.config = config;
    this.fast = fast;
    this.pool = pool;
    this.network = network;
    this.store = store;
    this.wake = wake;
    this.target = target;
    this.low = low;
    RangeSet stored = store.completedRanges();
    this.linker = new HeaderLinker(store, stored, target, low, lowParent, fast.headerBatch());
    this.blocks = new BlockScheduler(config, SyncMode.FAST_SYNC);
    this.fetcher = new BlockFetcher(network, scheduler, pool);
    long have = 0;
    for (BlockRange r : stored.ranges()) {
      have += Math.max(0, Math.min(r.to(), target.number()) - Math.max(r.from(), low) + 1);
    }
    this.toWrite = target.number() - low + 1 - have;
    if (!stored.contains(target.number())) {
      linked.put(target.number(), target);
      blocks.add(target.number(), target.number());
    }
  }

  BlockHeader target() {
    return target;
  }

  /** Blocks this fast sync still has to write (all of {@code low..target} not stored at its start). */
  long remaining() {
    return toWrite - written;
  }

  BlockScheduler blocks() {
    return blocks;
  }

  /** Everything linked, fetched, verified and written (or {@link #failure()} says why not). */
  boolean done() {
    return failure == null && linker.done() && linked.isEmpty();
  }

  /** No more requests, no more writes: the controller moves on (to follow mode, or halted). */
  void close() {
    closed = true;
  }

  /** Why this fast sync cannot finish (stored blocks not on the agreed chain), or null. */
  String failure() {
    return failure;
  }

  /**
   * One pass: take back overdue work, then give every idle, non-cooling peer one request — header
   * ranges first (linking gates everything else), bodies and receipts of linked blocks to the rest.
   */
  void assign(long now) {
    checkJoin();
    if (closed || failure != null) {
      return;
    }
    blocks.reclaimOverdue(now);
    // Headers linked, waiting or asked for stay below maxAhead: memory is bounded however long the range.
    while (linker.askedCount() < fast.headerRequests()
        && linked.size() + linker.waitingHeaders() + (linker.askedCount() + 1L) * fast.headerBatch() <= config.maxAhead()) {
      Optional<HeaderLinker.Request> next = linker.nextRequest();
      if (next.isEmpty()) {
        break;
      }
      BlockRange r = next.get().range();
      PeerRequirement need = PeerRequirement.headers(r.from(), r.to());
      Optional<PeerSnapshot> peer = next.get().avoid() == null ? pool.select(need)
          : pool.select(need.excluding(Set.of(next.get().avoid()))).or(() -> pool.select(need));
      if (peer.isEmpty()) {
        linker.onAnswer(r, next.get().avoid(), List.of()); // nobody free: back to the plan, asked again next pass
        break;
      }
      requestHeaders(peer.get().id(), r);
    }
    OptionalLong lowest = blocks.lowestWaiting();
    if (lowest.isEmpty()) {
      return;
    }
    for (PeerSnapshot peer : pool.selectAll(PeerRequirement.headers(lowest.getAsLong(), lowest.getAsLong()))) {
      blocks.assign(peer.id(), peer.earliest(), peer.headNumber(), target.number(), now).ifPresent(this::fetch);
    }
  }

  /** The earliest time a backoff ends or an assignment is overdue. */
  OptionalLong nextWakeAt(long now) {
    return blocks.nextWakeAt(now);
  }

  // ------------------------------------------------------------------ headers, backward

  private void requestHeaders(PeerId peer, BlockRange r) {
    Answers.handle(network.headers(peer, r.to(), (int) r.size(), 0, true), scheduler, o -> onHeaders(r, peer, o));
  }

  private void onHeaders(BlockRange r, PeerId peer, RequestOutcome<List<BlockHeader>> o) {
    if (closed) {
      return;
    }
    linker.onAnswer(r, peer, Outcomes.items(o));
    HeaderLinker.Linked l = linker.link();
    for (PeerId liar : l.liars()) {
      BadData.report(pool, liar, "headers do not link to the agreed chain");
    }
    long runTop = -1;
    for (int i = 0; i < l.headers().size(); i++) {
      BlockHeader h = l.headers().get(i);
      linked.put(h.number(), h);
      runTop = runTop < 0 ? h.number() : runTop;
      boolean runEnds = i + 1 == l.headers().size() || l.headers().get(i + 1).number() != h.number() - 1;
      if (runEnds) { // linking may have stepped over blocks stored by an earlier run: those are no work
        blocks.add(h.number(), runTop);
        runTop = -1;
      }
    }
    if (linker.storedMismatch()) {
      fail("stored block " + linker.nextNumber() + " is not on the chain of the agreed target "
          + target.number() + " " + target.hash().toHex() + "; this data dir holds another branch");
    }
    checkJoin();
    wake.run();
  }

  /** Once linked down to {@code low}: the chain must continue into the stored block (or genesis) below. */
  private void checkJoin() {
    if (failure == null && linker.done() && !linker.joinsBelow()) {
      fail("block " + low + " of the agreed chain does not link to stored block " + (low - 1)
          + "; this data dir holds another branch below the fast-sync range");
    }
  }

  /** Stops at once: the blocks just linked above a mismatch must not be fetched or written. */
  private void fail(String why) {
    failure = why;
    closed = true;
  }

  // ------------------------------------------------------------------ bodies and receipts

  private void fetch(Assignment a) {
    List<BlockHeader> headers = new ArrayList<>((int) (a.to() - a.from() + 1));
    for (long n = a.from(); n <= a.to(); n++) {
      headers.add(linked.get(n));
    }
    fetcher.fetch(a.peer(), headers, blocks -> onBlocks(a, blocks));
  }

  /** Verified blocks of assignment {@code a} (a prefix, maybe empty): written at once, in any order. */
  private void onBlocks(Assignment a, List<BlockData> verified) {
    if (closed) {
      return;
    }
    List<BlockData> fresh = new ArrayList<>(verified.size());
    for (BlockData b : verified) {
      if (linked.containsKey(b.number())) { // not written yet (a late answer may repeat a block)
        fresh.add(b);
      }
    }
    if (!fresh.isEmpty()) {
      store.writeBlocks(fresh); // blocks and their completed-range checkpoint: one WriteBatch
      for (BlockData b : fresh) {
        linked.remove(b.number()); // only once durable: a failed write leaves them to do
      }
      written += fresh.size();
    }
    blocks.onResult(a, a.from() + verified.size() - 1, now());
    for (BlockData b : fresh) {
      blocks.completed(b.number()); // no-op unless the assignment had been taken back meanwhile
    }
    wake.run();
  }

  private void settle(Assignment a, long deliveredUpTo) {
    blocks.onResult(a, deliveredUpTo, now());
    wake.run();
  }

  private long now() {
    return scheduler.nowMillis();
  }
}
