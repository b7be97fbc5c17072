package io.ethfollow.discovery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One iterative Kademlia lookup (discv4.md "Recursive lookup"): keeps the known nodes sorted by
 * distance to the target, asks up to {@link #ALPHA} of the {@link NodeTable#BUCKET_SIZE} closest
 * not-yet-asked nodes at a time, merges their answers, and finishes when every one of the k closest
 * live nodes has been asked. Each request has its own timeout (in the query function), so a slow
 * node costs one slot, never the lookup. Owned by the discovery scheduler thread.
 */
final class Lookup {
  /** discv4.md: alpha = 3 concurrent FindNode requests. */
  static final int ALPHA = 3;

  private static final int K = NodeTable.BUCKET_SIZE;

  /** Sends FindNode (bonding first if needed); calls back with the answer, or null on failure. */
  interface Query {
    void findNode(KnownNode node, byte[] target, Consumer<List<KnownNode>> reply);
  }

  private final NodeId self;
  private final byte[] target;
  private final byte[] targetHash;
  private final Query query;
  private final BiConsumer<Lookup, List<KnownNode>> onDone;
  private final List<KnownNode> candidates = new ArrayList<>(); // sorted by distance, no failed nodes
  private final Set<NodeId> seen = new HashSet<>();
  private final Set<NodeId> asked = new HashSet<>();
  private final Set<NodeId> answered = new HashSet<>();
  private int inFlight;
  private int queries;
  private boolean done;

  Lookup(NodeId self, byte[] target, List<KnownNode> seeds, Query query, BiConsumer<Lookup, List<KnownNode>> onDone) {
    this.self = self;
    this.target = target.clone();
    this.targetHash = io.ethfollow.chain.Keccak.hash(target);
    this.query = query;
    this.onDone = onDone;
    seen.add(self);
    seeds.forEach(this::offer);
  }

  void start() {
    advance();
  }

  boolean isDone() {
    return done;
  }

  /** FindNode requests sent so far. */
  int queries() {
    return queries;
  }

  private void offer(KnownNode n) {
    if (!seen.add(n.id())) {
      return;
    }
    int i = 0;
    while (i < candidates.size()
        && Distance.compare(targetHash, candidates.get(i).id().hashUnsafe(), n.id().hashUnsafe()) <= 0) {
      i++;
    }
    candidates.add(i, n);
  }

  private void advance() {
    while (!done && inFlight < ALPHA) {
      KnownNode next = null;
      for (int i = 0; i < candidates.size() && i < K; i++) {
        if (!asked.contains(candidates.get(i).id())) {
          next = candidates.get(i);
          break;
        }
      }
      if (next == null) {
        break;
      }
      KnownNode asking = next;
      asked.add(asking.id());
      inFlight++;
      queries++;
      query.findNode(asking, target, nodes -> onReply(asking, nodes));
    }
    if (!done && inFlight == 0) {
      done = true;
      List<KnownNode> result = new ArrayList<>();
      for (KnownNode n : candidates) {
        if (answered.contains(n.id()) && result.size() < K) {
          result.add(n);
        }
      }
      onDone.accept(this, result);
    }
  }

  private void onReply(KnownNode from, List<KnownNode> nodes) {
    inFlight--;
    if (nodes == null) {
      candidates.remove(from);
    } else {
      answered.add(from.id());
      for (KnownNode n : nodes) {
        if (!n.id().equals(self)) {
          offer(n);
        }
      }
    }
    advance();
  }
}
