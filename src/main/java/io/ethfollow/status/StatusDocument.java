package io.ethfollow.status;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code GET /status} document (DESIGN.md §5). Keys are a stable interface for operators and
 * end-to-end checks: new keys may be added, existing ones keep their names and meaning. Sections that
 * later subsystems own (network head, peers, queue, rates) are omitted while {@code null}.
 * {@code headAgeSec} is how old the local head block is (now minus its timestamp), for the health
 * rule that a lone stale peer or a stalled network cannot hide behind a lag of 0.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusDocument(
    String version,
    String network,
    long chainId,
    String genesisHash,
    String mode,
    @JsonInclude(JsonInclude.Include.ALWAYS) Head localHead,
    @JsonInclude(JsonInclude.Include.ALWAYS) Long contiguousHead,
    Storage storage,
    String dataDir,
    long uptimeSec,
    NetworkHead networkHead,
    Peers peers,
    String enode,
    P2p p2p,
    Long lagBlocks,
    Queue queue,
    String haltReason,
    Rates rates,
    FastSync fastSync,
    Long headAgeSec) {

  /**
   * A block reference. {@code localHead} and {@code contiguousHead} are always present and
   * {@code null} while the store holds no block.
   */
  public record Head(long number, String hash) {}

  /**
   * What the store holds: canonical block count and bytes on disk (estimated by RocksDB); the
   * distinct damaged entries reads have met since start (peers are answered as if they were
   * missing); and, once RocksDB refuses writes after a background error, why and what to do
   * ({@code null} and left out while writes work).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Storage(long blocks, long bytes, long damagedEntries, String writeError) {
    /** An undamaged store. */
    public Storage(long blocks, long bytes) {
      this(blocks, bytes, 0, null);
    }
  }

  /** While fast-syncing: the agreed target block and the blocks still to write before following. */
  public record FastSync(long target, long remaining) {}

  /** Blocks written per second over the last 1 and 5 minutes. */
  public record Rates(double blocksPerSec1m, double blocksPerSec5m) {}

  /** Block work of the sync engine: waiting for a peer, out with a peer, in the escalation lane. */
  public record Queue(int pending, int inFlight, int escalated) {}

  /** The highest head a connected peer reports, and how many peers report at least that. */
  public record NetworkHead(long number, String hash, int peers) {}

  /** Peers by state, from the pool. */
  public record Peers(
      int connected, int ready, int busy, int cooling, int stale, int banned, int dialing,
      int candidates) {}

  /**
   * devp2p event counts since start (sessions, rejections by Status, bad messages, served requests,
   * failed dials, connections refused by the cap on connections in their handshake).
   */
  public record P2p(
      long sessionsOpened,
      long handshakesFailed,
      long statusRejected,
      long badMessages,
      long requestsServed,
      long dialsFailed,
      long connectionsRefused) {}
}
