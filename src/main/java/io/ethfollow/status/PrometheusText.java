package io.ethfollow.status;

import java.util.List;

/**
 * Renders a {@link StatusDocument} as Prometheus text exposition format 0.0.4 for {@code GET /metrics}:
 * the same figures as {@code /status}, each metric family with its HELP and TYPE line. Hand-written
 * because the format is a few lines of text and a client library would be a dependency for nothing.
 * Stateless and pure; called on a Netty thread with an already published document.
 *
 * <p>A figure the document does not have yet (no local head, no network head, no sync engine) is
 * left out rather than exported as 0, so dashboards show a gap instead of a false value.
 */
final class PrometheusText {
  /** The Content-Type Prometheus expects for this format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * Every mode the daemon can report (StatusDocument.mode); each is exported as 0 or 1 so a query
   * sees a mode turn off, not only on (the usual "state set" pattern).
   */
  static final List<String> MODES = List.of("starting", "fast-sync", "follow", "halted", "stopping");

  private final StringBuilder out = new StringBuilder(4096);

  private PrometheusText() {}

  static String render(StatusDocument s) {
    PrometheusText t = new PrometheusText();
    t.family("ethfollow_info", "gauge", "Build and chain of this daemon; the value is always 1.");
    t.sample("ethfollow_info", labels("version", s.version(), "network", s.network(),
        "chain_id", Long.toString(s.chainId()), "genesis_hash", s.genesisHash()), 1);

    t.family("ethfollow_mode", "gauge", "1 for the mode the daemon is in, 0 for the others.");
    for (String m : MODES) {
      t.sample("ethfollow_mode", labels("mode", m), m.equals(s.mode()) ? 1 : 0);
    }
    if (s.mode() != null && !MODES.contains(s.mode())) {
      t.sample("ethfollow_mode", labels("mode", s.mode()), 1);
    }

    t.family("ethfollow_uptime_seconds", "gauge", "Seconds since the daemon started.");
    t.sample("ethfollow_uptime_seconds", "", s.uptimeSec());

    t.family("ethfollow_local_head_block", "gauge", "Number of the highest canonical block stored.");
    if (s.localHead() != null) {
      t.sample("ethfollow_local_head_block", "", s.localHead().number());
    }
    t.family("ethfollow_contiguous_head_block", "gauge",
        "Highest block up to which every block is stored without a gap.");
    if (s.contiguousHead() != null) {
      t.sample("ethfollow_contiguous_head_block", "", s.contiguousHead());
    }
    if (s.headAgeSec() != null) {
      t.family("ethfollow_local_head_age_seconds", "gauge",
          "Seconds since the local head block's timestamp (/health: status.max-head-age).");
      t.sample("ethfollow_local_head_age_seconds", "", s.headAgeSec());
    }
    if (s.networkHead() != null) {
      t.family("ethfollow_network_head_block", "gauge", "Highest head a connected peer reports.");
      t.sample("ethfollow_network_head_block", "", s.networkHead().number());
      t.family("ethfollow_network_head_peers", "gauge", "Connected peers that report at least the network head.");
      t.sample("ethfollow_network_head_peers", "", s.networkHead().peers());
    }
    if (s.lagBlocks() != null) {
      t.family("ethfollow_lag_blocks", "gauge", "Blocks the local head is behind the network head.");
      t.sample("ethfollow_lag_blocks", "", s.lagBlocks());
    }
    if (s.rates() != null) {
      t.family("ethfollow_blocks_per_second", "gauge", "Local head progress in blocks per second over a window.");
      t.sample("ethfollow_blocks_per_second", "{window=\"1m\"}", s.rates().blocksPerSec1m());
      t.sample("ethfollow_blocks_per_second", "{window=\"5m\"}", s.rates().blocksPerSec5m());
    }

    if (s.peers() != null) {
      StatusDocument.Peers p = s.peers();
      t.family("ethfollow_peers_connected", "gauge", "Peers with an open eth session.");
      t.sample("ethfollow_peers_connected", "", p.connected());
      t.family("ethfollow_peers", "gauge",
          "Peers by state: ready/busy/cooling/stale are connected; banned, dialing and candidates are not.");
      t.sample("ethfollow_peers", labels("state", "ready"), p.ready());
      t.sample("ethfollow_peers", labels("state", "busy"), p.busy());
      t.sample("ethfollow_peers", labels("state", "cooling"), p.cooling());
      t.sample("ethfollow_peers", labels("state", "stale"), p.stale());
      t.sample("ethfollow_peers", labels("state", "banned"), p.banned());
      t.sample("ethfollow_peers", labels("state", "dialing"), p.dialing());
      t.sample("ethfollow_peers", labels("state", "candidates"), p.candidates());
    }

    if (s.queue() != null) {
      StatusDocument.Queue q = s.queue();
      t.family("ethfollow_sync_queue_blocks", "gauge",
          "Blocks of sync work: waiting for a peer, out with a peer, in the escalation lane.");
      t.sample("ethfollow_sync_queue_blocks", labels("kind", "pending"), q.pending());
      t.sample("ethfollow_sync_queue_blocks", labels("kind", "in_flight"), q.inFlight());
      t.sample("ethfollow_sync_queue_blocks", labels("kind", "escalated"), q.escalated());
    }

    if (s.fastSync() != null) {
      t.family("ethfollow_fast_sync_target_block", "gauge", "The agreed fast-sync target block.");
      t.sample("ethfollow_fast_sync_target_block", "", s.fastSync().target());
      t.family("ethfollow_fast_sync_remaining_blocks", "gauge", "Blocks fast sync still has to write.");
      t.sample("ethfollow_fast_sync_remaining_blocks", "", s.fastSync().remaining());
    }

    if (s.storage() != null) {
      t.family("ethfollow_storage_blocks", "gauge", "Canonical blocks in the store.");
      t.sample("ethfollow_storage_blocks", "", s.storage().blocks());
      t.family("ethfollow_storage_bytes", "gauge", "Bytes the store takes on disk (RocksDB's estimate).");
      t.sample("ethfollow_storage_bytes", "", s.storage().bytes());
      t.family("ethfollow_storage_damaged_entries", "gauge",
          "Distinct damaged store entries reads have found since start (served as missing).");
      t.sample("ethfollow_storage_damaged_entries", "", s.storage().damagedEntries());
      t.family("ethfollow_storage_writes_refused", "gauge",
          "1 once RocksDB refuses writes after a background error, else 0.");
      t.sample("ethfollow_storage_writes_refused", "", s.storage().writeError() != null ? 1 : 0);
    }

    if (s.p2p() != null) {
      StatusDocument.P2p c = s.p2p();
      t.family("ethfollow_p2p_events_total", "counter", "devp2p events since start, by kind.");
      t.sample("ethfollow_p2p_events_total", labels("kind", "sessions_opened"), c.sessionsOpened());
      t.sample("ethfollow_p2p_events_total", labels("kind", "handshakes_failed"), c.handshakesFailed());
      t.sample("ethfollow_p2p_events_total", labels("kind", "status_rejected"), c.statusRejected());
      t.sample("ethfollow_p2p_events_total", labels("kind", "bad_messages"), c.badMessages());
      t.sample("ethfollow_p2p_events_total", labels("kind", "requests_served"), c.requestsServed());
      t.sample("ethfollow_p2p_events_total", labels("kind", "dials_failed"), c.dialsFailed());
      t.sample(
          "ethfollow_p2p_events_total", labels("kind", "connections_refused"), c.connectionsRefused());
    }
    return t.out.toString();
  }

  private void family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void sample(String name, String labels, long value) {
    out.append(name).append(labels).append(' ').append(value).append('\n');
  }

  private void sample(String name, String labels, double value) {
    out.append(name).append(labels).append(' ').append(value).append('\n');
  }

  /** {@code {k1="v1",k2="v2"}} from alternating keys and values; null values become "". */
  static String labels(String... keysAndValues) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (i > 0) {
        b.append(',');
      }
      String v = keysAndValues[i + 1] == null ? "" : keysAndValues[i + 1];
      b.append(keysAndValues[i]).append("=\"").append(escapeLabel(v)).append('"');
    }
    return b.append('}').toString();
  }

  /** Label values escape backslash, double quote and line feed (format 0.0.4). */
  static String escapeLabel(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** HELP text escapes backslash and line feed (format 0.0.4). */
  private static String escapeHelp(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
