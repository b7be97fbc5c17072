package io.ethfollow.sync;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.request.PeerNetwork;
import io.ethfollow.store.BlockData;
import java.util.List;
import java.util.function.Consumer;

/**
 * The block half of a fetch, shared by fast sync and follow mode: for headers we already trust, the
 * bodies and then the receipts from the same peer, each block verified against its header ({@link
 * BlockAssembler}); a peer whose data does not match is reported ({@link BadData}). The caller gets
 * the verified prefix (possibly empty) and decides what to write. Stateless; answers are handled on
 * the scheduler's thread ({@link Answers}).
 */
final class BlockFetcher {
  private final PeerNetwork network;
  private final io.ethfollow.time.Scheduler scheduler;
  private final PeerPool pool;

  BlockFetcher(PeerNetwork network, io.ethfollow.time.Scheduler scheduler, PeerPool pool) {
    this.network = network;
    this.scheduler = scheduler;
    this.pool = pool;
  }

  /** Fetches and verifies the blocks of {@code headers} from {@code peer}; {@code done} gets the verified prefix. */
  void fetch(PeerId peer, List<BlockHeader> headers, Consumer<List<BlockData>> done) {
    Answers.handle(network.bodies(peer, headers), scheduler, b -> {
      List<BlockBody> bodies = Outcomes.items(b);
      if (bodies.isEmpty()) {
        done.accept(List.of());
        return;
      }
      List<BlockHeader> withBodies = headers.subList(0, bodies.size());
      Answers.handle(network.receipts(peer, withBodies), scheduler, r -> {
        BlockAssembler.Assembled verified = BlockAssembler.assemble(withBodies, bodies, Outcomes.items(r));
        if (verified.failed() >= 0) {
          BadData.report(pool, peer, "block " + verified.failed() + " does not match its header");
        }
        done.accept(verified.blocks());
      });
    });
  }
}
