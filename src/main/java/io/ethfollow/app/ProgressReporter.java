package io.ethfollow.app;

import io.ethfollow.status.StatusDocument;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the status snapshots into the few INFO/WARN lines an operator reads in the journal: a
 * periodic {@code sync_progress} line (head, lag, peers, rate), peer milestones
 * ({@code peers_milestone}, {@code no_peers}, {@code peers_recovered}) and a stuck head
 * ({@code sync_stalled}, {@code sync_resumed}). It owns only its own counters; {@link #observe} runs
 * on the daemon's scheduler thread after each status refresh (once a second), so the number of lines
 * is bounded by the constants below whatever the sync engine does.
 */
final class ProgressReporter {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

  /**
   * A progress line at least this often: at the tip a follower gains about 5 blocks a minute, so a
   * line per block would be 300 lines an hour of nothing new; one a minute shows it is alive.
   */
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(60);

  /**
   * ...or after this many new blocks, whichever comes first: in catch-up it shows the rate and the
   * distance left; at the tip 1,000 blocks take over 3 hours, so only the interval applies there.
   */
  static final long PROGRESS_BLOCKS = 1_000;

  /**
   * ...but never more often than this: a fast catch-up passes 1,000 blocks in well under a second,
   * and 6 lines a minute are plenty to follow it.
   */
  static final Duration MIN_PROGRESS_GAP = Duration.ofSeconds(10);

  /**
   * No peer at all for this long is a WARN (once per outage): discovery or a static peer normally
   * gives a first peer within seconds, so a minute without any means the network is unreachable
   * (firewall, wrong bootnodes, all peers on another fork).
   */
  static final Duration NO_PEERS_WARNING = Duration.ofSeconds(60);

  /**
   * Connected-peer counts worth one INFO line when first reached: the first peer (the node can
   * sync at all), then roughly each doubling up to the most --max-peers allows. Connected, not
   * ready: ready peers are idle ones and swing with every request, connected moves slowly.
   */
  static final int[] PEER_MILESTONES = {1, 5, 10, 25, 50, 100, 250, 500, 1000};

  /**
   * The local head not moving for this long while peers report a head more than
   * {@link #STALL_LAG_BLOCKS} ahead is a WARN (once until it moves): 25 slots without progress is
   * more than missed slots or one slow peer explain.
   */
  static final Duration STALL_WARNING = Duration.ofMinutes(5);

  /** The health endpoint's own lag threshold: within 2 blocks of the network head is in sync. */
  static final long STALL_LAG_BLOCKS = 2;

  private final Clock clock;

  private long startedAt = -1;
  private long lastLineAt;
  private long lastLineHead = -1; // blocks stored at the last progress line

  private long noPeersSince = -1;
  private boolean noPeersWarned;
  private boolean firstPeerSeen;
  private int milestoneIndex = -1;

  private long headSeen = -1; // blocks stored when the store last changed
  private long headMovedAt;
  private boolean stallWarned;

  ProgressReporter(Clock clock) {
    this.clock = clock;
  }

  /** Looks at one published snapshot; logs what is due. Call on the scheduler thread only. */
  void observe(StatusDocument d) {
    if (d == null || "stopping".equals(d.mode())) {
      return;
    }
    long now = clock.millis();
    if (startedAt < 0) {
      startedAt = now;
      lastLineAt = now;
      headMovedAt = now;
      noPeersSince = now;
    }
    long head = d.localHead() == null ? -1 : d.localHead().number();
    // Progress is blocks written, not the head: fast sync stores the target first and fills the range
    // below it, so its head stands still while thousands of blocks a minute are written.
    long written = d.storage() != null ? d.storage().blocks() : head;
    if (d.peers() != null) {
      peers(d.peers(), now);
    }
    stall(d, head, written, now);
    progress(d, head, written, now);
  }

  private void progress(StatusDocument d, long head, long written, long now) {
    if (lastLineHead < 0 && written >= 0) {
      lastLineHead = written; // the first count we see is the base of the first rate
    }
    long since = now - lastLineAt;
    boolean interval = since >= PROGRESS_INTERVAL.toMillis();
    boolean blocks =
        written >= 0 && written - lastLineHead >= PROGRESS_BLOCKS && since >= MIN_PROGRESS_GAP.toMillis();
    if (!interval && !blocks) {
      return;
    }
    long gained = written < 0 ? 0 : written - lastLineHead;
    double perSec = since <= 0 ? 0 : gained * 1000.0 / since;
    var line =
        LOG.atInfo()
            .setMessage("sync progress")
            .addKeyValue("event", "sync_progress")
            .addKeyValue("mode", d.mode())
            .addKeyValue("head", head < 0 ? null : head)
            .addKeyValue("networkHead", d.networkHead() == null ? null : d.networkHead().number())
            .addKeyValue("lag", d.lagBlocks())
            .addKeyValue("blocks", gained)
            .addKeyValue("blocksPerSec", Math.round(perSec * 1000) / 1000.0)
            .addKeyValue("peers", d.peers() == null ? 0 : d.peers().connected())
            .addKeyValue("readyPeers", d.peers() == null ? 0 : d.peers().ready());
    if (d.queue() != null) {
      line = line.addKeyValue("pending", d.queue().pending()).addKeyValue("inFlight", d.queue().inFlight());
    }
    if (d.fastSync() != null) {
      line = line.addKeyValue("target", d.fastSync().target()).addKeyValue("remaining", d.fastSync().remaining());
    }
    line.log();
    lastLineAt = now;
    if (written >= 0) {
      lastLineHead = written;
    }
  }

  private void peers(StatusDocument.Peers p, long now) {
    int connected = p.connected();
    if (connected == 0) {
      if (noPeersSince < 0) {
        noPeersSince = now;
      }
      if (!noPeersWarned && now - noPeersSince >= NO_PEERS_WARNING.toMillis()) {
        noPeersWarned = true;
        LOG.atWarn()
            .setMessage("no peers")
            .addKeyValue("event", "no_peers")
            .addKeyValue("forSec", (now - noPeersSince) / 1000)
            .addKeyValue("dialing", p.dialing())
            .addKeyValue("candidates", p.candidates())
            .log();
      }
      return;
    }
    if (noPeersWarned) {
      LOG.atInfo()
          .setMessage("peers back")
          .addKeyValue("event", "peers_recovered")
          .addKeyValue("peers", connected)
          .addKeyValue("withoutPeersSec", (now - noPeersSince) / 1000)
          .log();
      noPeersWarned = false;
      milestoneIndex = 0; // counts are climbing again from 1: later milestones are news again
    }
    noPeersSince = -1;
    int reached = milestoneIndex;
    while (reached + 1 < PEER_MILESTONES.length && connected >= PEER_MILESTONES[reached + 1]) {
      reached++;
    }
    if (reached > milestoneIndex) {
      milestoneIndex = reached;
      String what = firstPeerSeen ? "peers_reached" : "first_peer";
      firstPeerSeen = true;
      LOG.atInfo()
          .setMessage(what.equals("first_peer") ? "first peer connected" : "peer count reached")
          .addKeyValue("event", "peers_milestone")
          .addKeyValue("milestone", what)
          .addKeyValue("threshold", PEER_MILESTONES[reached])
          .addKeyValue("peers", connected)
          .addKeyValue("readyPeers", p.ready())
          .log();
    }
  }

  private void stall(StatusDocument d, long head, long written, long now) {
    if (written != headSeen) { // a block written (or rolled back) is movement, wherever the head is
      if (stallWarned) {
        LOG.atInfo()
            .setMessage("local head moving again")
            .addKeyValue("event", "sync_resumed")
            .addKeyValue("head", head)
            .addKeyValue("stalledSec", (now - headMovedAt) / 1000)
            .log();
        stallWarned = false;
      }
      headSeen = written;
      headMovedAt = now;
      return;
    }
    boolean behind = d.lagBlocks() != null && d.lagBlocks() > STALL_LAG_BLOCKS;
    if (!stallWarned && behind && now - headMovedAt >= STALL_WARNING.toMillis()) {
      stallWarned = true;
      LOG.atWarn()
          .setMessage("local head not moving while peers are ahead")
          .addKeyValue("event", "sync_stalled")
          .addKeyValue("head", head < 0 ? null : head)
          .addKeyValue("networkHead", d.networkHead() == null ? null : d.networkHead().number())
          .addKeyValue("lag", d.lagBlocks())
          .addKeyValue("stalledSec", (now - headMovedAt) / 1000)
          .addKeyValue("peers", d.peers() == null ? 0 : d.peers().connected())
          .log();
    }
  }
}
