package io.ethfollow.sync;

import io.ethfollow.peer.OutcomeKind;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a peer that sent data the chain refutes (a body or receipts not matching an anchored
 * header, headers that do not link): the pool drops it ({@link OutcomeKind#INVALID}). One DEBUG line
 * per report — per-peer churn stays out of INFO. Called on the scheduler's thread.
 */
final class BadData {
  private static final Logger LOG = LoggerFactory.getLogger(BadData.class);

  private BadData() {}

  static void report(PeerPool pool, PeerId peer, String why) {
    LOG.atDebug()
        .setMessage("bad block data")
        .addKeyValue("event", "bad_block_data")
        .addKeyValue("peer", peer.shortId())
        .addKeyValue("why", why)
        .log();
    pool.onRequestOutcome(peer, OutcomeKind.INVALID);
  }
}
