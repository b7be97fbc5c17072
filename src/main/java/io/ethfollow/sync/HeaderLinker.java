package io.ethfollow.sync;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.PeerId;
import io.ethfollow.store.BlockRange;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.RangeSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Links headers backward from the fast-sync target to the start block by parent hash, so every
 * header that reaches the store is anchored in the agreed target (DESIGN §4). Owns the plan of header
 * ranges still to ask for, the ranges out with a peer and the answers that arrived before the range
 * above them was linked; answers are taken in any order but linked strictly top-down. Blocks already
 * stored by an earlier run are not asked again: the walk checks that the stored block has the hash the
 * chain above expects and continues below it from its parent hash. Pure state (the caller does the
 * requests); runs on the scheduler's thread.
 */
final class HeaderLinker {
  private final BlockStore store;
  private final RangeSet stored;
  private final long low;
  private final Hash lowParent;
  private final int batch;

  /** Ranges to ask for again (partial answers, failures), by top; asked before fresh ranges. */
  private final TreeMap<Long, Retry> retry = new TreeMap<>();
  private final Map<Long, BlockRange> asked = new HashMap<>();
  private final TreeMap<Long, Answer> arrived = new TreeMap<>();
  private long frontier;
  private long nextNumber;
  private Hash expected;

  /** A range to ask again, and the peer whose answer left it open (asked last: besu #6969, reth #7849). */
  private record Retry(long bottom, PeerId failedWith) {}

  /** One header request to make: the range, and a peer to avoid if any other can serve it (null: none). */
  record Request(BlockRange range, PeerId avoid) {}

  /** A header answer waiting for the range above it to be linked. */
  private record Answer(List<BlockHeader> headers, long bottom, PeerId from) {}

  /** What one {@link #link} step produced: newly linked headers (top-down) and peers that lied. */
  record Linked(List<BlockHeader> headers, List<PeerId> liars) {}

  /**
   * @param target the agreed header (linked by definition)
   * @param low the lowest block to link
   * @param lowParent the hash {@code low}'s parent must have (stored block {@code low - 1} or the
   *     genesis hash), or null when nothing below {@code low} is known
   * @param stored blocks completely stored before this run (skipped, but checked)
   */
  HeaderLinker(BlockStore store, RangeSet stored, BlockHeader target, long low, Hash lowParent, int batch) {
    this.store = store;
    this.stored = stored;
    this.low = low;
    this.lowParent = lowParent;
    this.batch = batch;
    this.frontier = target.number() - 1;
    this.nextNumber = target.number() - 1;
    this.expected = target.parentHash();
  }

  /** The next range to ask for (highest first), or empty when everything is asked or linked. */
  Optional<Request> nextRequest() {
    if (!retry.isEmpty()) {
      Map.Entry<Long, Retry> e = retry.pollLastEntry();
      BlockRange r = new BlockRange(e.getValue().bottom(), e.getKey());
      asked.put(r.to(), r);
      return Optional.of(new Request(r, e.getValue().failedWith()));
    }
    while (frontier >= low) {
      Optional<BlockRange> have = stored.rangeContaining(frontier);
      if (have.isPresent()) {
        frontier = have.get().from() - 1;
        continue;
      }
      long bottom = Math.max(low, frontier - batch + 1);
      for (BlockRange s : stored.ranges()) {
        if (s.to() < frontier && s.to() >= bottom) {
          bottom = s.to() + 1; // stop above a stored range; the walk skips it
        }
      }
      BlockRange r = new BlockRange(bottom, frontier);
      frontier = bottom - 1;
      asked.put(r.to(), r);
      return Optional.of(new Request(r, null));
    }
    return Optional.empty();
  }

  /** Headers asked for and not answered yet. */
  int askedCount() {
    return asked.size();
  }

  /** Headers that arrived but wait for the range above them. */
  int waitingHeaders() {
    int n = 0;
    for (Answer a : arrived.values()) {
      n += a.headers().size();
    }
    return n;
  }

  /** The lowest number this linker still has to link, below {@code low} when done. */
  long nextNumber() {
    return nextNumber;
  }

  boolean done() {
    return nextNumber < low;
  }

  /** Whether the chain linked down to {@code low} continues into {@code lowParent} (true when unknown). */
  boolean joinsBelow() {
    return lowParent == null || lowParent.equals(expected);
  }

  /**
   * The answer to range {@code r} from {@code peer}: {@code headers} top-down from {@code r.to()}
   * (a prefix of the range, maybe empty). What is missing is asked again later.
   */
  void onAnswer(BlockRange r, PeerId peer, List<BlockHeader> headers) {
    asked.remove(r.to());
    int n = Math.min(headers.size(), (int) r.size());
    if (n < r.size()) {
      retry.put(r.to() - n, new Retry(r.from(), peer));
    }
    if (n > 0) {
      arrived.put(r.to(), new Answer(List.copyOf(headers.subList(0, n)), r.to() - n + 1, peer));
    }
  }

  /** Links every answer that continues the linked chain; answers that do not are asked again. */
  Linked link() {
    List<BlockHeader> linked = new ArrayList<>();
    List<PeerId> liars = new ArrayList<>();
    while (nextNumber >= low) {
      Optional<BlockRange> have = stored.rangeContaining(nextNumber);
      if (have.isPresent()) {
        Optional<Hash> hash = store.canonicalHash(nextNumber);
        if (hash.isEmpty() || !hash.get().equals(expected)) {
          break; // the caller halts: stored blocks not on the agreed chain (see storedMismatch)
        }
        long from = Math.max(low, have.get().from());
        expected = store.header(from).orElseThrow().parentHash();
        nextNumber = from - 1;
        continue;
      }
      Answer a = arrived.remove(nextNumber);
      if (a == null) {
        break;
      }
      for (BlockHeader h : a.headers()) {
        if (h.number() != nextNumber || !h.hash().equals(expected)) {
          liars.add(a.from());
          retry.put(nextNumber, new Retry(a.bottom(), a.from()));
          break;
        }
        linked.add(h);
        expected = h.parentHash();
        nextNumber--;
      }
      if (!liars.isEmpty()) {
        break;
      }
    }
    return new Linked(linked, liars);
  }

  /** True when the walk stopped at a stored block whose hash is not the one the chain above needs. */
  boolean storedMismatch() {
    return nextNumber >= low && stored.contains(nextNumber);
  }
}
