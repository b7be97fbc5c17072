package io.ethfollow.sync;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.PeerAction;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.peer.PeerSnapshot;
import io.ethfollow.peer.PeerState;
import io.ethfollow.request.PeerNetwork;
import io.ethfollow.request.RequestOutcome;
import io.ethfollow.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Learns that the chain moved: while a new block is due (our head's timestamp plus one slot has
 * passed) and no peer is known to be ahead, it asks one idle peer per {@link
 * SyncConfig#headProbeInterval()} for the headers from our head forward, round-robin over the pool's
 * peers; otherwise it sleeps until the next block is due. Answers move the peer's head in the pool
 * (the request executor reports the highest header it saw) — the tracker keeps no head of its own.
 * It also executes the pool's own {@link PeerAction.ProbeHead} requests. A peer whose header at our
 * head's height is not ours is reported to the {@link ReorgHandler}. Runs on the scheduler's thread.
 */
final class HeadTracker {
  private final SyncConfig config;
  private final Scheduler scheduler;
  private final PeerPool pool;
  private final PeerNetwork network;
  private final Supplier<BlockHeader> ourHead;
  private final Runnable onHeadMoved;
  private final java.util.function.Consumer<PeerId> onDisagreement;
  private Scheduler.Cancellable timer;
  private int cursor;
  private long ticks;
  private long probes;
  private boolean stopped;

  HeadTracker(SyncConfig config, Scheduler scheduler, PeerPool pool, PeerNetwork network, Supplier<BlockHeader> ourHead,
      Runnable onHeadMoved, java.util.function.Consumer<PeerId> onDisagreement) {
    this.config = config;
    this.scheduler = scheduler;
    this.pool = pool;
    this.network = network;
    this.ourHead = ourHead;
    this.onHeadMoved = onHeadMoved;
    this.onDisagreement = onDisagreement;
  }

  void start() {
    arm(0);
  }

  void stop() {
    stopped = true;
    if (timer != null) {
      timer.cancel();
    }
  }

  long ticks() {
    return ticks;
  }

  long probes() {
    return probes;
  }

  /** The tracker's one timer: the next tick after {@code delayMillis}. */
  private void arm(long delayMillis) {
    if (timer != null) {
      timer.cancel();
    }
    timer = scheduler.schedule(Duration.ofMillis(Math.max(0, delayMillis)), this::tick);
  }

  private void tick() {
    timer = null;
    if (stopped) {
      return;
    }
    ticks++;
    long now = scheduler.nowMillis();
    BlockHeader head = ourHead.get();
    long due = head.timestamp() * 1000 + config.slot().toMillis();
    long best = pool.bestConfirmedHead().orElse(-1); // an unserved announcement must not stop the probes
    if (best > head.number()) {
      onHeadMoved.run(); // someone has more: the pipeline fetches it; check again a probe interval later
    } else if (now >= due) {
      probeNext(head);
    } else {
      arm(due - now); // nothing is due before the next slot: sleep until then
      return;
    }
    arm(config.headProbeInterval().toMillis());
  }

  /** Asks the next idle, ready peer (round-robin in connection order) for the headers from our head on. */
  private void probeNext(BlockHeader head) {
    List<PeerSnapshot> peers = pool.peers();
    for (int i = 0; i < peers.size(); i++) {
      PeerSnapshot p = peers.get((cursor + i) % peers.size());
      if (p.state() == PeerState.READY && p.headNumber() >= 0) {
        cursor = (cursor + i + 1) % peers.size();
        probe(p.id(), head.number(), head.hash());
        return;
      }
    }
  }

  private void probe(PeerId peer, long from, Hash expected) {
    probes++;
    Answers.handle(network.headers(peer, from, 1 + config.probeLookahead(), 0, false), scheduler, o -> {
      if (!(o instanceof RequestOutcome.Ok || o instanceof RequestOutcome.Partial)) {
        return;
      }
      List<BlockHeader> headers = Outcomes.items(o);
      if (headers.isEmpty()) {
        return;
      }
      if (expected != null && !headers.get(0).hash().equals(expected)) {
        onDisagreement.accept(peer);
      } else if (headers.size() > 1) {
        onHeadMoved.run();
      }
    });
  }

  /**
   * The pool asks for a peer's head. Run one task later, so a fetch in progress with this peer sends its
   * next request first; a peer busy by then is skipped (the pool asks again when it is due). Asked
   * forward from one below the known number, which confirms the head, learns a newer one, and is never
   * empty for a peer that announced a block it is still importing (an empty answer is a soft failure,
   * and three in a row would cool the peer for 30 s at the tip); by hash when the number is unknown
   * (eth/68 Status).
   */
  void onProbeHead(PeerAction.ProbeHead p) {
    scheduler.execute(() -> {
      if (stopped || pool.peer(p.id()).map(s -> s.state() == PeerState.BUSY).orElse(true)) {
        return;
      }
      if (p.knownNumber() >= 0) {
        long from = Math.max(0, p.knownNumber() - 1);
        Answers.handle(network.headers(p.id(), from, 2 + config.probeLookahead(), 0, false), scheduler, o -> {
          List<BlockHeader> served = Outcomes.items(o);
          if (!served.isEmpty() && served.get(served.size() - 1).number() < p.knownNumber()) {
            BlockHeader top = served.get(served.size() - 1);
            pool.onHeadDisproved(p.id(), top.number(), top.hash()); // announced, but not served
          }
          onHeadMovedIfOk(o);
        });
      } else if (p.knownHash() != null) {
        Answers.handle(network.headers(p.id(), p.knownHash(), 1, 0, false), scheduler, this::onHeadMovedIfOk);
      }
    });
  }

  private void onHeadMovedIfOk(RequestOutcome<List<BlockHeader>> o) {
    BlockHeader head = ourHead.get(); // null before following: any head learned may start a sync
    if (o instanceof RequestOutcome.Ok && (head == null || pool.bestHead().orElse(-1) > head.number())) {
      onHeadMoved.run();
    }
  }
}
