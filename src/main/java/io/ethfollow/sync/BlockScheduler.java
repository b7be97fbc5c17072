package io.ethfollow.sync;

import io.ethfollow.peer.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Owns block work: which block numbers still have to be fetched (pending), which are out with a peer
 * (in flight, with a deadline), how often each failed (attempts), the escalation lane (blocks that
 * failed {@link SyncConfig#escalateAfter()} times: one block per assignment, handed out before normal
 * work), the per-(block, peer) exponential backoff capped by the current {@link SyncMode}, and each
 * peer's adaptive batch size. It knows nothing of the network: the caller passes the head the pool
 * says the peer has, and the scheduler never assigns a block above it.
 *
 * <p>A pure state machine: time comes in as arguments, nothing is scheduled from here. When nothing
 * is assignable, {@link #nextWakeAt} says when something will be (the earliest backoff end or
 * in-flight deadline), so the caller sleeps until then or until an event, never polls. Single-threaded:
 * called only from the sync engine on the scheduler's thread.
 */
public final class BlockScheduler {
  private final SyncConfig config;
  private SyncMode mode;

  private final TreeSet<Long> pending = new TreeSet<>();
  private final TreeSet<Long> escalated = new TreeSet<>();
  /** Block → the assignment it is part of (identity matters: a result of a cancelled assignment is ignored). */
  private final Map<Long, InFlight> inFlight = new HashMap<>();
  private final Map<Long, Integer> attempts = new HashMap<>();
  private final Map<Long, Map<PeerId, Backoff>> backoffs = new HashMap<>();
  private final Map<PeerId, Batch> batches = new HashMap<>();
  /** Highest block ever added; blocks above it are unknown work. */
  private long addedUpTo = -1;

  public BlockScheduler(SyncConfig config, SyncMode mode) {
    this.config = config;
    this.mode = mode;
  }

  private record InFlight(Assignment assignment, long deadline) {}

  private static final class Backoff {
    int fails;
    long until;
  }

  private final class Batch {
    double size = config.initialBatch();
    int streak;
  }

  /** Switches the backoff cap (follow: short, fast sync: long); existing backoffs keep their end. */
  public void setMode(SyncMode mode) {
    this.mode = mode;
  }

  public SyncMode mode() {
    return mode;
  }

  /** Adds {@code from..to} as pending, skipping blocks already pending, escalated or in flight. */
  public void add(long from, long to) {
    for (long n = from; n <= to; n++) {
      if (!inFlight.containsKey(n) && !escalated.contains(n)) {
        pending.add(n);
      }
    }
    addedUpTo = Math.max(addedUpTo, to);
  }

  /** The highest block ever added (-1 when none). */
  public long addedUpTo() {
    return addedUpTo;
  }

  /**
   * Work for {@code peer}, whose head (read from the pool by the caller, now) is {@code peerHead};
   * no block above {@code min(peerHead, limit)} is given. Escalated blocks first, one at a time; else
   * up to the peer's batch size of consecutive pending blocks from the lowest one this peer is not
   * backing off. Empty when nothing fits; the assigned blocks are in flight until {@link #onResult}.
   */
  public Optional<Assignment> assign(PeerId peer, long peerHead, long limit, long now) {
    return assign(peer, 0, peerHead, limit, now);
  }

  /**
   * Like {@link #assign(PeerId, long, long, long)} for a peer that serves bodies and receipts only
   * from block {@code peerEarliest} on (eth/69 Status and BlockRangeUpdate): older blocks wait for
   * peers that keep them.
   */
  public Optional<Assignment> assign(PeerId peer, long peerEarliest, long peerHead, long limit, long now) {
    long cap = Math.min(peerHead, limit);
    for (long n : escalated) {
      if (n > cap) {
        break;
      }
      if (n >= peerEarliest && eligible(n, peer, now)) {
        escalated.remove(n);
        return Optional.of(start(new Assignment(peer, n, n, true), now));
      }
    }
    int batch = (int) batchOf(peer).size;
    for (long n : pending.tailSet(peerEarliest)) {
      if (n > cap) {
        break;
      }
      if (!eligible(n, peer, now)) {
        continue;
      }
      long to = n;
      while (to - n + 1 < batch && to + 1 <= cap && pending.contains(to + 1) && eligible(to + 1, peer, now)) {
        to++;
      }
      for (long b = n; b <= to; b++) {
        pending.remove(b);
      }
      return Optional.of(start(new Assignment(peer, n, to, false), now));
    }
    return Optional.empty();
  }

  private Assignment start(Assignment a, long now) {
    InFlight f = new InFlight(a, now + config.inFlightDeadline().toMillis());
    for (long b = a.from(); b <= a.to(); b++) {
      inFlight.put(b, f);
    }
    return a;
  }

  private boolean eligible(long n, PeerId peer, long now) {
    Map<PeerId, Backoff> m = backoffs.get(n);
    Backoff b = m == null ? null : m.get(peer);
    return b == null || b.until <= now;
  }

  /**
   * The result of assignment {@code a}: blocks {@code a.from()..deliveredUpTo} were received and
   * verified (they leave the scheduler; the writer owns them now), the rest failed with this peer
   * (backoff, attempt count, maybe escalation). {@code deliveredUpTo = a.from() - 1} is a failure.
   * Ignored for blocks no longer in flight under {@code a} (taken back or rolled back meanwhile).
   */
  public void onResult(Assignment a, long deliveredUpTo, long now) {
    Batch batch = batchOf(a.peer());
    if (deliveredUpTo >= a.to()) {
      if (++batch.streak >= config.growAfter()) {
        batch.streak = 0;
        batch.size = Math.min(config.maxBatch(), batch.size + 1);
      }
    } else {
      batch.streak = 0;
      double factor = deliveredUpTo >= a.from() ? 0.7 : 0.5;
      batch.size = Math.max(config.minBatch(), batch.size * factor);
    }
    for (long n = a.from(); n <= a.to(); n++) {
      InFlight f = inFlight.get(n);
      if (f == null || f.assignment() != a) {
        continue;
      }
      inFlight.remove(n);
      if (n <= deliveredUpTo) {
        attempts.remove(n);
        backoffs.remove(n);
      } else {
        failed(n, a.peer(), now);
      }
    }
  }

  /**
   * Block {@code number} was stored from an answer that came after its assignment was taken back:
   * it leaves the scheduler wherever it waits (a later result for it is ignored).
   */
  public void completed(long number) {
    pending.remove(number);
    escalated.remove(number);
    inFlight.remove(number);
    attempts.remove(number);
    backoffs.remove(number);
  }

  /** A delivered block turned out bad later (it did not link): back to work, {@code peer} backs off it. */
  public void retry(long number, PeerId peer, long now) {
    if (number <= addedUpTo && !inFlight.containsKey(number)) {
      failed(number, peer, now);
    }
  }

  private void failed(long n, PeerId peer, long now) {
    Backoff b = backoffs.computeIfAbsent(n, k -> new HashMap<>()).computeIfAbsent(peer, k -> new Backoff());
    b.fails++;
    long cap = config.backoffCap(mode).toMillis();
    long delay = config.backoffBase().toMillis() << Math.min(30, b.fails - 1);
    b.until = now + Math.min(cap, delay);
    int tries = attempts.merge(n, 1, Integer::sum);
    if (tries >= config.escalateAfter()) {
      escalated.add(n);
      pending.remove(n);
    } else {
      pending.add(n);
    }
  }

  /** Takes back assignments past their deadline (as failures of their peer); returns how many blocks. */
  public int reclaimOverdue(long now) {
    List<Assignment> overdue = new ArrayList<>();
    for (InFlight f : inFlight.values()) {
      if (f.deadline() <= now && !overdue.contains(f.assignment())) {
        overdue.add(f.assignment());
      }
    }
    int blocks = 0;
    for (Assignment a : overdue) {
      blocks += a.size();
      onResult(a, a.from() - 1, now);
    }
    return blocks;
  }

  /**
   * The earliest future time something becomes assignable or due: a backoff of a waiting block ends,
   * or an in-flight deadline passes. Empty when nothing waits on time (then only events matter).
   */
  public OptionalLong nextWakeAt(long now) {
    long next = Long.MAX_VALUE;
    for (Map.Entry<Long, Map<PeerId, Backoff>> e : backoffs.entrySet()) {
      if (!pending.contains(e.getKey()) && !escalated.contains(e.getKey())) {
        continue;
      }
      for (Backoff b : e.getValue().values()) {
        if (b.until > now) {
          next = Math.min(next, b.until);
        }
      }
    }
    for (InFlight f : inFlight.values()) {
      next = Math.min(next, f.deadline());
    }
    return next == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(next);
  }

  /** Forgets all work above {@code number} (a rollback); results of such work are ignored later. */
  public void dropAbove(long number) {
    pending.tailSet(number, false).clear();
    escalated.tailSet(number, false).clear();
    for (Iterator<Long> it = inFlight.keySet().iterator(); it.hasNext(); ) {
      if (it.next() > number) {
        it.remove();
      }
    }
    attempts.keySet().removeIf(n -> n > number);
    backoffs.keySet().removeIf(n -> n > number);
    addedUpTo = Math.min(addedUpTo, number);
  }

  /** Lowest block waiting to be assigned (pending or escalated), if any. */
  public OptionalLong lowestWaiting() {
    long p = pending.isEmpty() ? Long.MAX_VALUE : pending.first();
    long e = escalated.isEmpty() ? Long.MAX_VALUE : escalated.first();
    long low = Math.min(p, e);
    return low == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(low);
  }

  public int pendingCount() {
    return pending.size();
  }

  public int inFlightCount() {
    return inFlight.size();
  }

  public int escalatedCount() {
    return escalated.size();
  }

  /** Attempts so far for {@code number} (0 when it never failed or completed). */
  public int attempts(long number) {
    return attempts.getOrDefault(number, 0);
  }

  /** The batch size {@code peer} would get now. */
  public int batchSize(PeerId peer) {
    return (int) batchOf(peer).size;
  }

  /** Forgets a peer's batch size (it disconnected). */
  public void forgetPeer(PeerId peer) {
    batches.remove(peer);
  }

  private Batch batchOf(PeerId peer) {
    return batches.computeIfAbsent(peer, p -> new Batch());
  }
}
