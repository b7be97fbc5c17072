package io.ethfollow.sync;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.PeerId;
import io.ethfollow.request.PeerNetwork;
import io.ethfollow.request.RequestOutcome;
import io.ethfollow.time.Scheduler;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One round of the fast-sync trust check (DESIGN §4): asks distinct peers for the header at one height
 * and accepts it only when {@code needed} of them serve the same hash. Owns the round's votes; one
 * round at a time. Peers in the minority are not penalised (they may be on a fork that is still
 * settling). Runs on the scheduler's thread.
 */
final class TargetQuorum {
  private final PeerNetwork network;
  private final Scheduler scheduler;
  private Round round;

  TargetQuorum(PeerNetwork network, Scheduler scheduler) {
    this.network = network;
    this.scheduler = scheduler;
  }

  /** Whether a round is waiting for answers. */
  boolean busy() {
    return round != null;
  }

  /**
   * Asks every one of {@code peers} for the header at {@code number}; when all have answered (or
   * failed), {@code result} gets the header that at least {@code needed} of them served, or empty.
   */
  void ask(long number, List<PeerId> peers, int needed, Consumer<Optional<BlockHeader>> result) {
    if (round != null) {
      throw new IllegalStateException("a quorum round is already running");
    }
    Round r = new Round(number, peers.size(), needed, result);
    round = r;
    for (PeerId p : peers) {
      Answers.handle(network.headers(p, number, 1, 0, false), scheduler, r::answer);
    }
  }

  /** Votes of one round, by header hash. */
  private final class Round {
    private final long number;
    private final int needed;
    private final Consumer<Optional<BlockHeader>> result;
    private final Map<Hash, Integer> votes = new HashMap<>();
    private final Map<Hash, BlockHeader> headers = new LinkedHashMap<>();
    private int outstanding;

    Round(long number, int asked, int needed, Consumer<Optional<BlockHeader>> result) {
      this.number = number;
      this.outstanding = asked;
      this.needed = needed;
      this.result = result;
    }

    void answer(RequestOutcome<List<BlockHeader>> o) {
      List<BlockHeader> hs = Outcomes.items(o);
      if (!hs.isEmpty() && hs.get(0).number() == number) {
        BlockHeader h = hs.get(0);
        votes.merge(h.hash(), 1, Integer::sum);
        headers.putIfAbsent(h.hash(), h);
      }
      if (--outstanding > 0) {
        return;
      }
      round = null;
      Optional<BlockHeader> agreed = Optional.empty();
      for (Map.Entry<Hash, Integer> e : votes.entrySet()) {
        if (e.getValue() >= needed) {
          agreed = Optional.of(headers.get(e.getKey()));
        }
      }
      result.accept(agreed);
    }
  }
}
