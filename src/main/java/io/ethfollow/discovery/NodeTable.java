package io.ethfollow.discovery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The Kademlia routing table: 256 buckets indexed by log2 distance between keccak256(node id) and
 * ours, each holding up to {@link #BUCKET_SIZE} verified nodes (most recently validated last) and a
 * short replacement list. Only nodes that answered our ping enter it. Owned by the discovery
 * scheduler thread; not thread-safe.
 */
final class NodeTable {
  /** discv4.md: k = 16 entries per bucket (also the size of a FindNode answer). */
  static final int BUCKET_SIZE = 16;

  /**
   * Verified nodes kept per bucket to replace entries that fail revalidation. 10 (as geth) refills a
   * bucket after a burst of departures without holding many stale candidates.
   */
  static final int MAX_REPLACEMENTS = 10;

  /** Bucket i holds nodes at log distance i + 1 (distance 0 is ourselves). */
  private static final int BUCKETS = 256;

  /** What {@link #add} did with a node. */
  enum AddResult { ADDED, UPDATED, REPLACEMENT, SELF }

  private final NodeId self;
  private final List<Deque<TableEntry>> entries = new ArrayList<>(BUCKETS);
  private final List<Deque<KnownNode>> replacements = new ArrayList<>(BUCKETS);
  private final Map<NodeId, TableEntry> byId = new HashMap<>();

  NodeTable(NodeId self) {
    this.self = self;
    for (int i = 0; i < BUCKETS; i++) {
      entries.add(new ArrayDeque<>());
      replacements.add(new ArrayDeque<>());
    }
  }

  int size() {
    return byId.size();
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }

  boolean contains(NodeId id) {
    return byId.containsKey(id);
  }

  Optional<TableEntry> get(NodeId id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Log distance of {@code id} from us: the bucket number plus one. */
  int distanceTo(NodeId id) {
    return Distance.log(self.hashUnsafe(), id.hashUnsafe());
  }

  /** Adds a node that just answered our ping, or refreshes it if already present. */
  AddResult add(KnownNode node, long nowMillis) {
    int d = distanceTo(node.id());
    if (d == 0) {
      return AddResult.SELF;
    }
    TableEntry existing = byId.get(node.id());
    Deque<TableEntry> bucket = entries.get(d - 1);
    if (existing != null) {
      existing.node = node;
      existing.lastValidatedMillis = nowMillis;
      existing.findNodeFailures = 0;
      bucket.remove(existing);
      bucket.addLast(existing);
      return AddResult.UPDATED;
    }
    if (bucket.size() < BUCKET_SIZE) {
      TableEntry e = new TableEntry(node, nowMillis);
      bucket.addLast(e);
      byId.put(node.id(), e);
      replacements.get(d - 1).removeIf(r -> r.id().equals(node.id()));
      return AddResult.ADDED;
    }
    Deque<KnownNode> repl = replacements.get(d - 1);
    repl.removeIf(r -> r.id().equals(node.id()));
    repl.addLast(node);
    if (repl.size() > MAX_REPLACEMENTS) {
      repl.removeFirst();
    }
    return AddResult.REPLACEMENT;
  }

  /** Removes a dead node and promotes the most recent replacement of its bucket, if any. */
  Optional<KnownNode> remove(NodeId id, long nowMillis) {
    TableEntry e = byId.remove(id);
    if (e == null) {
      return Optional.empty();
    }
    int b = distanceTo(id) - 1;
    entries.get(b).remove(e);
    KnownNode promoted = replacements.get(b).pollLast();
    if (promoted != null) {
      TableEntry p = new TableEntry(promoted, nowMillis);
      entries.get(b).addLast(p);
      byId.put(promoted.id(), p);
    }
    return Optional.ofNullable(promoted);
  }

  /** Up to {@code n} table nodes closest to {@code targetHash}, closest first. */
  List<KnownNode> closest(byte[] targetHash, int n) {
    List<TableEntry> all = new ArrayList<>(byId.values());
    all.sort(Comparator.comparing(e -> e.id().hashUnsafe(), (a, b) -> Distance.compare(targetHash, a, b)));
    List<KnownNode> out = new ArrayList<>(Math.min(n, all.size()));
    for (int i = 0; i < all.size() && i < n; i++) {
      out.add(all.get(i).node);
    }
    return out;
  }

  /** The least recently validated entry of a random non-empty bucket, to ping for liveness. */
  Optional<TableEntry> pickForRevalidation(RandomGenerator random) {
    List<Deque<TableEntry>> nonEmpty = new ArrayList<>();
    for (Deque<TableEntry> b : entries) {
      if (!b.isEmpty()) {
        nonEmpty.add(b);
      }
    }
    if (nonEmpty.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(nonEmpty.get(random.nextInt(nonEmpty.size())).peekFirst());
  }

  /** Number of nodes in the bucket at log distance {@code d} (1..256), for tests and status. */
  int bucketSize(int d) {
    return entries.get(d - 1).size();
  }

  int replacementCount(int d) {
    return replacements.get(d - 1).size();
  }

  List<KnownNode> all() {
    List<KnownNode> out = new ArrayList<>(byId.size());
    for (TableEntry e : byId.values()) {
      out.add(e.node);
    }
    return out;
  }
}
