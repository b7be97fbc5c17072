package io.ethfollow.sync;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.peer.PeerRequirement;
import io.ethfollow.peer.PeerSnapshot;
import io.ethfollow.request.PeerNetwork;
import io.ethfollow.request.RequestOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import io.ethfollow.time.Scheduler;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides reorgs (DESIGN §4). A peer whose header at our head's height is not ours is a suspicion,
 * not a reorg: the handler then asks {@link SyncConfig#reorgQuorum()} distinct idle peers (the
 * suspicious ones first) for the {@link SyncConfig#rollbackWindow()} + 1 headers ending at our head,
 * and finds in each answer the highest block that is also ours. When a quorum of peers agree on both
 * their header at our height (not ours) and that common ancestor, the chain is rolled back to it and
 * the blocks above are fetched again; when they agree that nothing in the window is ours, following
 * halts with a clear reason. Anything else (disagreement, too few answers) is inconclusive and waits
 * for the next suspicion. Owns only the search in progress; runs on the scheduler's thread.
 */
final class ReorgHandler {
  /** What the handler concluded. */
  sealed interface Verdict {
    /** Roll back to {@code ancestor} and fetch again above it. */
    record RollBack(long ancestor, int depth) implements Verdict {}

    /** The branch forks below the rollback window: stop following. */
    record Halt(String reason) implements Verdict {}
  }

  private final SyncConfig config;
  private final PeerPool pool;
  private final PeerNetwork network;
  private final ChainWriter writer;
  private final Scheduler scheduler;
  private final java.util.function.Consumer<Verdict> onVerdict;
  private final Set<PeerId> suspects = new LinkedHashSet<>();
  private Search search;

  /** One ancestor search: its answers by peer. */
  private static final class Search {
    final long headNumber;
    final Hash headHash;
    final int asked;
    final Map<PeerId, Answer> answers = new HashMap<>();

    Search(long headNumber, Hash headHash, int asked) {
      this.headNumber = headNumber;
      this.headHash = headHash;
      this.asked = asked;
    }
  }

  /** One peer's view: its hash at our head's height and the highest block it shares with us (-1: none). */
  private record Answer(Hash atHead, long ancestor) {}

  ReorgHandler(SyncConfig config, Scheduler scheduler, PeerPool pool, PeerNetwork network, ChainWriter writer,
      java.util.function.Consumer<Verdict> onVerdict) {
    this.scheduler = scheduler;
    this.config = config;
    this.pool = pool;
    this.network = network;
    this.writer = writer;
    this.onVerdict = onVerdict;
  }

  boolean searching() {
    return search != null;
  }

  /** {@code peer} served a header at our head's height that is not ours. */
  void suspect(PeerId peer) {
    suspects.add(peer);
    if (search == null) {
      start();
    }
  }

  private void start() {
    BlockHeader head = writer.head();
    long from = Math.max(0, head.number() - config.rollbackWindow());
    List<PeerId> chosen = new ArrayList<>();
    List<PeerSnapshot> idle = pool.selectAll(PeerRequirement.headers(head.number(), head.number()));
    for (PeerId s : suspects) {
      if (chosen.size() < config.reorgQuorum() && idle.stream().anyMatch(p -> p.id().equals(s))) {
        chosen.add(s);
      }
    }
    for (PeerSnapshot p : idle) {
      if (chosen.size() < config.reorgQuorum() && !chosen.contains(p.id())) {
        chosen.add(p.id());
      }
    }
    suspects.clear();
    if (chosen.size() < config.reorgQuorum()) {
      return; // not enough idle peers to decide; the next suspicion tries again
    }
    Search s = new Search(head.number(), head.hash(), chosen.size());
    search = s;
    int amount = (int) (head.number() - from + 1);
    for (PeerId peer : chosen) {
      Answers.handle(network.headers(peer, from, amount, 0, false), scheduler,
          o -> onAnswer(s, peer, Outcomes.items(o)));
    }
  }

  private void onAnswer(Search s, PeerId peer, List<BlockHeader> headers) {
    if (search != s) {
      return;
    }
    Hash atHead = null;
    long ancestor = -1;
    for (BlockHeader h : headers) {
      if (h.number() == s.headNumber) {
        atHead = h.hash();
      }
      if (h.number() <= s.headNumber && h.hash().equals(writer.knownHash(h.number()))) {
        ancestor = Math.max(ancestor, h.number());
      }
    }
    s.answers.put(peer, new Answer(atHead, ancestor));
    if (s.answers.size() < s.asked) {
      return;
    }
    search = null;
    decide(s);
  }

  private void decide(Search s) {
    Answer first = null;
    for (Answer a : s.answers.values()) {
      if (a.atHead() == null || a.atHead().equals(s.headHash)) {
        return; // a peer agrees with our head or lacks it: no quorum for a reorg
      }
      if (first != null && !first.equals(a)) {
        return; // the peers disagree among themselves: inconclusive
      }
      first = a;
    }
    if (first == null || s.headNumber != writer.head().number()) {
      return;
    }
    if (first.ancestor() < 0) {
      onVerdict.accept(new Verdict.Halt("reorg deeper than the rollback window of " + config.rollbackWindow()
          + " blocks: " + s.answers.size() + " peers share none of blocks "
          + Math.max(0, s.headNumber - config.rollbackWindow()) + ".." + s.headNumber + " with us"));
    } else {
      onVerdict.accept(new Verdict.RollBack(first.ancestor(), (int) (s.headNumber - first.ancestor())));
    }
  }
}
