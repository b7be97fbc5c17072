package io.ethfollow.peer;

import io.ethfollow.chain.Hash;
import io.ethfollow.time.Scheduler;
import io.ethfollow.wire.Enode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only owner of peer lifecycle, heads, reputation, cooldowns, bans and selection. A state machine
 * without IO: events come in through {@code on*} methods, {@link PeerAction}s go out to the sink the
 * shell executes. Every method must be called on the scheduler's thread (event sources hop there with
 * {@link Scheduler#execute}); the pool's one timer runs there too.
 *
 * <p>Invariants (DESIGN §1): a peer handed back after a request is checked against its cooldown first
 * and either announced as available or parked until a definite time by the single wake-up timer; a
 * head has one copy, here, and selection reads it; a disconnected peer leaves selection at once; a
 * peer far behind and not moving is dropped, not recycled; penalties never leave the pool empty while
 * non-banned candidates remain (the least-bad cooling one is dialled, at most once per
 * {@link PoolConfig#lastResortInterval()}).
 */
public final class PeerPool {
  private static final Logger LOG = LoggerFactory.getLogger(PeerPool.class);

  /**
   * Open requests per peer: one keeps RTT samples clean and spreads work over peers (geth serves one
   * request per type at a time; a timed-out request keeps its slot until answered).
   */
  static final int REQUESTS_PER_PEER = 1;

  private final PoolConfig config;
  private final Scheduler scheduler;
  private final Consumer<PeerAction> actions;

  /** Every known node, in the order first seen (the candidate table). */
  private final LinkedHashMap<PeerId, NodeRecord> nodes = new LinkedHashMap<>();
  private final Map<PeerId, ConnectedPeer> connected = new LinkedHashMap<>();
  /** Dials in flight: node id → time the dial started. */
  private final Map<PeerId, Long> dialing = new HashMap<>();
  /** Sessions we asked to close; their onDisconnected is expected and carries no new penalty. */
  private final Set<PeerId> closing = new HashSet<>();

  private long requiredHead = -1;
  private long lastResortAt = Long.MIN_VALUE / 2;
  private Scheduler.Cancellable timer;
  private long timerAt = Long.MAX_VALUE;
  private long wakeUps;

  public PeerPool(PoolConfig config, Scheduler scheduler, Consumer<PeerAction> actions) {
    this.config = config;
    this.scheduler = scheduler;
    this.actions = actions;
  }

  // ------------------------------------------------------------------ events in

  /** An operator-listed peer: always kept, redialled with its own backoff, never banned. */
  public void addStatic(Enode enode) {
    PeerId id = PeerId.of(enode);
    NodeRecord existing = nodes.get(id);
    if (existing == null || !existing.isStatic) {
      NodeRecord r = new NodeRecord(id, enode, true);
      if (existing != null) {
        r.reputation = existing.reputation;
        r.lastGood = existing.lastGood;
      }
      nodes.put(id, r);
    }
    maintain();
  }

  /** A node from discovery, the peer cache or an inbound session; dialled when the pool needs peers. */
  public void onCandidate(Enode enode) {
    PeerId id = PeerId.of(enode);
    NodeRecord r = nodes.get(id);
    if (r != null) {
      r.enode = enode;
      return;
    }
    if (nodes.size() >= config.maxCandidates() && !evictOneCandidate()) {
      return;
    }
    nodes.put(id, new NodeRecord(id, enode, false));
    maintain();
  }

  /**
   * A session finished its eth handshake. {@code headNumber} is -1 when the Status did not carry it
   * (eth/68): the pool then asks for a probe by {@code headHash}. {@code earliest} is the eth/69 Status
   * earliest block, 0 for eth/68.
   */
  public void onConnected(PeerLink link, long headNumber, Hash headHash, long earliest) {
    long now = now();
    PeerId id = link.id();
    boolean dialed = dialing.remove(id) != null;
    NodeRecord node = nodes.get(id);
    if (node != null && node.banned(now)) {
      refuse(link, DropReason.BANNED);
      return;
    }
    if (connected.containsKey(id)) {
      refuse(link, DropReason.ALREADY_CONNECTED);
      return;
    }
    boolean isStatic = node != null && node.isStatic;
    if (!dialed && !isStatic && connected.size() >= config.maxPeers()) {
      refuse(link, DropReason.POOL_FULL);
      return;
    }
    if (node == null) {
      node = new NodeRecord(id, null, false);
      nodes.put(id, node);
    }
    closing.remove(id);
    ConnectedPeer peer = new ConnectedPeer(link, node, headNumber, headHash, earliest, now,
        config.initialRtt().toMillis());
    connected.put(id, peer);
    LOG.atDebug()
        .setMessage("peer connected")
        .addKeyValue("event", "peer_connected")
        .addKeyValue("peer", id.shortId())
        .addKeyValue("client", link.clientId())
        .addKeyValue("eth", link.ethVersion())
        .addKeyValue("head", headNumber)
        .addKeyValue("inbound", !dialed)
        .log();
    if (headNumber < 0) {
      probe(peer);
    } else {
      handBack(peer, now);
    }
    maintain();
  }

  /**
   * A session ended or a dial failed. For a session the pool itself closed this only confirms it; for
   * anything else the reason's severity becomes the node's cooldown.
   */
  public void onDisconnected(PeerId id, DropReason reason) {
    if (closing.remove(id)) {
      dialing.remove(id);
    } else {
      ended(id, reason, now());
    }
    maintain();
  }

  private void ended(PeerId id, DropReason reason, long now) {
    boolean wasDialing = dialing.remove(id) != null;
    ConnectedPeer peer = connected.remove(id);
    if (!wasDialing && peer == null) {
      return;
    }
    NodeRecord node = nodes.get(id);
    if (node != null) {
      if (node.isStatic && peer != null && reason.severity() != Severity.NONE) {
        node.staticSessionEnded(now - peer.connectedAt, now, config);
      } else if (node.isStatic && wasDialing) {
        node.staticDialFailed(now, config);
      } else {
        node.penalise(reason.severity(), now, config);
      }
    }
    LOG.atDebug()
        .setMessage(wasDialing ? "dial failed" : "peer disconnected")
        .addKeyValue("event", wasDialing ? "dial_failed" : "peer_disconnected")
        .addKeyValue("peer", id.shortId())
        .addKeyValue("reason", reason.text())
        .addKeyValue("suitableAfter", node == null ? 0 : node.suitableAfter)
        .log();
  }

  /**
   * A peer has block {@code number} with {@code hash} at its head (probe answer, BlockRangeUpdate,
   * or the highest header it served). Heads only move forward; the same number with another hash
   * replaces the hash (a reorg at the tip).
   */
  public void onHeadObserved(PeerId id, long number, Hash hash) {
    ConnectedPeer peer = connected.get(id);
    if (peer == null) {
      return;
    }
    if (number > peer.confirmedNumber || (number == peer.confirmedNumber && hash != null)) {
      peer.confirmedNumber = number;
      peer.confirmedHash = hash;
    }
    observe(peer, number, hash);
  }

  /** Moves the head the pool assigns work on (forward only; the same number with another hash replaces it). */
  private void observe(ConnectedPeer peer, long number, Hash hash) {
    long now = now();
    boolean wasProbing = peer.probing;
    boolean moved = number > peer.headNumber;
    peer.probing = false;
    peer.headObservedAt = now;
    if (moved) {
      peer.headNumber = number;
      peer.headHash = hash;
      peer.headMovedAt = now;
    } else if (number == peer.headNumber && hash != null) {
      peer.headHash = hash;
    }
    if ((wasProbing || moved) && peer.inFlight == 0) {
      // an idle peer that announced a higher head (eth/69 BlockRangeUpdate) may have work now: without
      // this the engine learns of new blocks only from its own probes, which sleep a whole slot
      handBack(peer, now);
    }
    maintain();
  }

  /**
   * The peer's own answer to a head probe stopped at block {@code servedUpTo}, below the head it
   * announced: the announced head is not served (yet, or ever), so its head falls back to what it
   * serves. The only way a head moves down: otherwise a peer announcing heads it never serves would
   * hold the network head (lag, health) and the engine's idea of pending work up for good. A later
   * probe or announcement raises it again.
   */
  public void onHeadDisproved(PeerId id, long servedUpTo, Hash servedHash) {
    ConnectedPeer peer = connected.get(id);
    if (peer == null || servedUpTo >= peer.headNumber) {
      return;
    }
    peer.headNumber = servedUpTo;
    peer.headHash = servedHash;
    if (peer.confirmedNumber > servedUpTo) {
      peer.confirmedNumber = servedUpTo;
      peer.confirmedHash = servedHash;
    }
    LOG.atDebug()
        .setMessage("announced head not served")
        .addKeyValue("event", "head_disproved")
        .addKeyValue("peer", id.shortId())
        .addKeyValue("served", servedUpTo)
        .log();
    maintain();
  }

  /** eth/69 BlockRangeUpdate: the peer now serves {@code earliest..latest}. */
  public void onBlockRange(PeerId id, long earliest, long latest, Hash latestHash) {
    ConnectedPeer peer = connected.get(id);
    if (peer == null) {
      return;
    }
    peer.earliest = earliest;
    observe(peer, latest, latestHash); // announced: confirmed once the peer serves it
  }

  /**
   * The head peers must serve (the sync engine's target or network head). Until set, the best head
   * in the pool is used. A peer more than {@link PoolConfig#staleDistance()} below it is stale.
   */
  public void onRequiredHead(long number) {
    requiredHead = number;
    maintain();
  }

  /**
   * Marks the start of a request to {@code id}. Returns false (and nothing changes) when the peer is
   * not connected or has no free request slot; the caller must then not send.
   */
  public boolean beginRequest(PeerId id) {
    ConnectedPeer peer = connected.get(id);
    if (peer == null || peer.inFlight >= REQUESTS_PER_PEER) {
      return false;
    }
    peer.inFlight++;
    return true;
  }

  /** Outcome of a request, without an RTT sample. */
  public void onRequestOutcome(PeerId id, OutcomeKind kind) {
    onRequestOutcome(id, kind, null);
  }

  /**
   * Outcome of a request begun with {@link #beginRequest}. Applies the kind's reputation change, RTT
   * sample, soft-failure streak and disconnect; then, when the request no longer holds the peer,
   * hands the peer back: cooldown first, else available.
   */
  public void onRequestOutcome(PeerId id, OutcomeKind kind, Duration rtt) {
    ConnectedPeer peer = connected.get(id);
    if (peer == null) {
      return;
    }
    long now = now();
    NodeRecord node = peer.node;
    node.reputation = Math.min(NodeRecord.MAX_REPUTATION, node.reputation + kind.reputationChange());
    if (rtt != null && kind != OutcomeKind.TIMEOUT && kind != OutcomeKind.STALLED) {
      peer.rttMillis += config.rttImpact() * (rtt.toMillis() - peer.rttMillis);
    }
    if (kind == OutcomeKind.OK) {
      peer.softFailures = 0;
      node.strikes = 0;
      node.lastGood = now;
    } else if (kind.softFailure()) {
      peer.softFailures++;
      if (peer.softFailures >= config.softFailureLimit()) {
        peer.softFailures = 0;
        node.penalise(Severity.LOW, now, config);
        LOG.atDebug()
            .setMessage("peer cooling")
            .addKeyValue("event", "peer_cooling")
            .addKeyValue("peer", id.shortId())
            .addKeyValue("suitableAfter", node.suitableAfter)
            .log();
      }
    }
    if (kind.releasesPeer()) {
      peer.inFlight = Math.max(0, peer.inFlight - 1);
      peer.probing = false;
    }
    if (node.reputation <= config.banThreshold() && !node.isStatic) {
      drop(peer, DropReason.REPUTATION, now);
    } else if (kind.disconnect() != null) {
      drop(peer, kind.disconnect(), now);
    } else if (kind.releasesPeer() && peer.inFlight == 0 && !peer.probing) {
      handBack(peer, now);
    }
    maintain();
  }

  /** Disconnects every peer (SHUTDOWN, no penalty) and stops the timer. */
  public void shutdown() {
    for (ConnectedPeer p : new ArrayList<>(connected.values())) {
      closing.add(p.id());
      emit(new PeerAction.Disconnect(p.id(), DropReason.SHUTDOWN));
    }
    connected.clear();
    dialing.clear();
    cancelTimer();
  }

  // ------------------------------------------------------------------ queries

  /**
   * The best peer for {@code requirement}: idle, not cooling, head at or above its last block, history
   * from its first block when needed, not excluded; highest head first, then lowest RTT. Built from
   * the pool's current records, so a probe that just moved a head counts.
   */
  public Optional<PeerSnapshot> select(PeerRequirement requirement) {
    List<PeerSnapshot> all = selectAll(requirement);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** Every peer {@link #select} would accept, best first (for quorums and fan-out). */
  public List<PeerSnapshot> selectAll(PeerRequirement requirement) {
    long now = now();
    List<PeerSnapshot> out = new ArrayList<>();
    for (ConnectedPeer p : connected.values()) {
      if (p.inFlight > 0 || p.node.cooling(now)) {
        continue;
      }
      if (p.headNumber < requirement.lastBlock()) {
        continue;
      }
      if (requirement.needsHistory() && p.earliest > requirement.firstBlock()) {
        continue;
      }
      if (requirement.excluded().contains(p.id())) {
        continue;
      }
      out.add(snapshot(p, now));
    }
    out.sort(Comparator.comparingLong(PeerSnapshot::headNumber).reversed()
        .thenComparing(PeerSnapshot::rtt)
        .thenComparing(s -> s.id().hex()));
    return out;
  }

  /** The current view of one connected peer. */
  public Optional<PeerSnapshot> peer(PeerId id) {
    ConnectedPeer p = connected.get(id);
    return p == null ? Optional.empty() : Optional.of(snapshot(p, now()));
  }

  /** The live link of a connected peer (for the request executor); empty once it disconnected. */
  public Optional<PeerLink> link(PeerId id) {
    ConnectedPeer p = connected.get(id);
    return p == null ? Optional.empty() : Optional.of(p.link);
  }

  /** Every connected peer, in connection order. */
  public List<PeerSnapshot> peers() {
    long now = now();
    List<PeerSnapshot> out = new ArrayList<>(connected.size());
    for (ConnectedPeer p : connected.values()) {
      out.add(snapshot(p, now));
    }
    return out;
  }

  /** Requests open with a connected peer (timed-out ones included until answered); 0 if not connected. */
  public int inFlight(PeerId id) {
    ConnectedPeer p = connected.get(id);
    return p == null ? 0 : p.inFlight;
  }

  /** Highest head among connected peers, empty when none is known. */
  public OptionalLong bestHead() {
    long best = -1;
    for (ConnectedPeer p : connected.values()) {
      best = Math.max(best, p.headNumber);
    }
    return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
  }

  /**
   * Highest head a connected peer stood behind (its Status or headers it served), empty when none:
   * what the status page, lag and health report, and what the head tracker compares with. Unlike
   * {@link #bestHead()} it ignores announcements nobody has served, so a peer announcing heads it
   * cannot serve does not make us look behind.
   */
  public OptionalLong bestConfirmedHead() {
    long best = -1;
    for (ConnectedPeer p : connected.values()) {
      best = Math.max(best, p.confirmedNumber);
    }
    return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
  }

  /** Counts for the status page. */
  public PoolCounts counts() {
    long now = now();
    int ready = 0;
    int busy = 0;
    int cooling = 0;
    int stale = 0;
    for (ConnectedPeer p : connected.values()) {
      switch (state(p, now)) {
        case READY:
          ready++;
          break;
        case BUSY:
          busy++;
          break;
        case COOLING:
          cooling++;
          break;
        default:
          stale++;
      }
    }
    int banned = 0;
    for (NodeRecord r : nodes.values()) {
      if (r.banned(now)) {
        banned++;
      }
    }
    return new PoolCounts(connected.size(), ready, busy, cooling, stale, banned, dialing.size(), nodes.size());
  }

  /** Peers that gave at least one full answer and are not banned, most recent first (for the peer cache). */
  public List<CachedPeer> knownGoodPeers() {
    long now = now();
    List<CachedPeer> out = new ArrayList<>();
    for (NodeRecord r : nodes.values()) {
      if (r.lastGood >= 0 && r.enode != null && !r.banned(now)) {
        out.add(new CachedPeer(r.enode, r.lastGood));
      }
    }
    out.sort(Comparator.comparingLong(CachedPeer::lastGoodMillis).reversed());
    return out;
  }

  /** The time a node may be dialled or selected again; 0 when it is not held back or unknown. */
  public long suitableAfter(PeerId id) {
    NodeRecord r = nodes.get(id);
    return r == null ? 0 : r.suitableAfter;
  }

  /** Whether a node is banned now. */
  public boolean isBanned(PeerId id) {
    NodeRecord r = nodes.get(id);
    return r != null && r.banned(now());
  }

  /** How often the pool's timer has fired (a no-spin bound for tests). */
  public long wakeUps() {
    return wakeUps;
  }

  // ------------------------------------------------------------------ internals

  private long now() {
    return scheduler.nowMillis();
  }

  private void emit(PeerAction action) {
    actions.accept(action);
  }

  private void refuse(PeerLink link, DropReason reason) {
    LOG.atDebug()
        .setMessage("session refused")
        .addKeyValue("event", "peer_refused")
        .addKeyValue("peer", link.id().shortId())
        .addKeyValue("reason", reason.text())
        .log();
    link.disconnect(reason.toCause());
    maintain();
  }

  /** Removes a connected peer now (it leaves selection at once), penalises its node, asks the shell to close it. */
  private void drop(ConnectedPeer peer, DropReason reason, long now) {
    PeerId id = peer.id();
    connected.remove(id);
    closing.add(id);
    if (peer.node.isStatic) {
      peer.node.staticSessionEnded(now - peer.connectedAt, now, config);
    } else if (reason == DropReason.REPUTATION) {
      peer.node.penalise(Severity.BAN, now, config);
    } else {
      peer.node.penalise(reason.severity(), now, config);
    }
    LOG.atDebug()
        .setMessage("peer dropped")
        .addKeyValue("event", "peer_dropped")
        .addKeyValue("peer", id.shortId())
        .addKeyValue("reason", reason.text())
        .addKeyValue("head", peer.headNumber)
        .addKeyValue("suitableAfter", peer.node.suitableAfter)
        .log();
    emit(new PeerAction.Disconnect(id, reason));
  }

  /** Cooldown first: a cooling peer is parked (the timer wakes at its suitableAfter); else it is announced. */
  private void handBack(ConnectedPeer peer, long now) {
    if (peer.node.cooling(now)) {
      return;
    }
    emit(new PeerAction.PeerAvailable(peer.id()));
  }

  private void probe(ConnectedPeer peer) {
    peer.probing = true;
    peer.headObservedAt = now();
    emit(new PeerAction.ProbeHead(peer.id(), peer.headNumber, peer.headHash));
  }

  private PeerState state(ConnectedPeer p, long now) {
    if (p.inFlight > 0) {
      return PeerState.BUSY;
    }
    if (p.node.cooling(now)) {
      return PeerState.COOLING;
    }
    if (isStale(p)) {
      return PeerState.STALE;
    }
    return PeerState.READY;
  }

  private PeerSnapshot snapshot(ConnectedPeer p, long now) {
    return new PeerSnapshot(p.id(), p.link.clientId(), p.link.ethVersion(), p.headNumber, p.headHash,
        p.earliest, state(p, now), Duration.ofMillis(Math.round(p.rttMillis)), p.node.reputation,
        p.node.isStatic, p.node.suitableAfter, p.confirmedNumber, p.confirmedHash);
  }

  private long effectiveRequiredHead() {
    return requiredHead >= 0 ? requiredHead : bestHead().orElse(-1);
  }

  private boolean isStale(ConnectedPeer p) {
    long required = effectiveRequiredHead();
    return p.headNumber >= 0 && required >= 0 && p.headNumber < required - config.staleDistance();
  }

  private boolean evictOneCandidate() {
    long now = now();
    Iterator<NodeRecord> it = nodes.values().iterator();
    while (it.hasNext()) {
      NodeRecord r = it.next();
      if (!r.isStatic && !r.banned(now) && !connected.containsKey(r.id) && !dialing.containsKey(r.id)) {
        it.remove();
        return true;
      }
    }
    return false;
  }

  /**
   * Brings the pool towards its shape and (re)arms the one timer at the earliest future time anything
   * is due: dial timeouts, cooldown ends of connected peers, stale deadlines, head probes, dials.
   */
  private void maintain() {
    long now = now();
    expireDials(now);
    dropHopelesslyStale(now);
    probeHeads(now);
    releaseCooledPeers(now);
    dial(now);
    rearm(now);
  }

  private void expireDials(long now) {
    long timeout = config.dialTimeout().toMillis();
    for (Map.Entry<PeerId, Long> e : new ArrayList<>(dialing.entrySet())) {
      if (e.getValue() + timeout <= now) {
        ended(e.getKey(), DropReason.DIAL_FAILED, now);
      }
    }
  }

  private void dropHopelesslyStale(long now) {
    long grace = config.staleGrace().toMillis();
    for (ConnectedPeer p : new ArrayList<>(connected.values())) {
      if (isStale(p) && p.headMovedAt + grace <= now && p.inFlight == 0) {
        drop(p, DropReason.HOPELESSLY_STALE, now);
      }
    }
  }

  /** Peers whose cooldown just ended are announced once (the timer fired at their suitableAfter). */
  private void releaseCooledPeers(long now) {
    for (ConnectedPeer p : connected.values()) {
      if (p.coolingAnnounced && !p.node.cooling(now)) {
        p.coolingAnnounced = false;
        if (p.inFlight == 0) {
          emit(new PeerAction.PeerAvailable(p.id()));
        }
      } else if (p.node.cooling(now)) {
        p.coolingAnnounced = true;
      }
    }
  }

  private void probeHeads(long now) {
    long interval = config.headProbeInterval().toMillis();
    for (ConnectedPeer p : connected.values()) {
      boolean due = p.headObservedAt + interval <= now;
      if (p.inFlight == 0 && !p.node.cooling(now) && due) {
        probe(p);
      }
    }
  }

  private void dial(long now) {
    int free = config.maxConcurrentDials() - dialing.size();
    if (free <= 0) {
      return;
    }
    List<NodeRecord> ready = new ArrayList<>();
    for (NodeRecord r : nodes.values()) {
      if (r.enode != null && !connected.containsKey(r.id) && !dialing.containsKey(r.id)
          && !r.banned(now) && !r.cooling(now)) {
        ready.add(r);
      }
    }
    ready.sort(Comparator.comparing((NodeRecord r) -> !r.isStatic)
        .thenComparing(Comparator.comparingInt((NodeRecord r) -> r.reputation).reversed())
        .thenComparing(Comparator.comparingLong((NodeRecord r) -> r.lastGood).reversed()));
    for (NodeRecord r : ready) {
      if (free == 0) {
        break;
      }
      boolean needed = connected.size() + dialing.size() < config.targetPeers();
      boolean room = connected.size() + dialing.size() < config.maxPeers();
      if (needed || (r.isStatic && room)) {
        startDial(r, now);
        free--;
      }
    }
    if (connected.isEmpty() && dialing.isEmpty() && lastResortAt + config.lastResortInterval().toMillis() <= now) {
      leastBadCoolingCandidate(now).ifPresent(r -> {
        lastResortAt = now;
        LOG.atDebug()
            .setMessage("pool empty: retrying the least-bad cooling candidate")
            .addKeyValue("event", "pool_last_resort")
            .addKeyValue("peer", r.id.shortId())
            .log();
        startDial(r, now);
      });
    }
  }

  private Optional<NodeRecord> leastBadCoolingCandidate(long now) {
    NodeRecord best = null;
    for (NodeRecord r : nodes.values()) {
      if (r.enode == null || r.isStatic || r.banned(now) || !r.cooling(now)) {
        continue; // static nodes keep their own capped redial schedule
      }
      if (best == null || r.suitableAfter < best.suitableAfter
          || (r.suitableAfter == best.suitableAfter && r.reputation > best.reputation)) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  private void startDial(NodeRecord r, long now) {
    dialing.put(r.id, now);
    emit(new PeerAction.Dial(r.enode));
  }

  private void rearm(long now) {
    long next = Long.MAX_VALUE;
    for (long started : dialing.values()) {
      next = Math.min(next, started + config.dialTimeout().toMillis());
    }
    long probeInterval = config.headProbeInterval().toMillis();
    for (ConnectedPeer p : connected.values()) {
      if (p.node.cooling(now)) {
        next = Math.min(next, p.node.suitableAfter);
      } else if (p.inFlight == 0) {
        next = Math.min(next, p.headObservedAt + probeInterval);
      }
      if (isStale(p) && p.inFlight == 0) {
        next = Math.min(next, p.headMovedAt + config.staleGrace().toMillis());
      }
    }
    if (dialing.size() < config.maxConcurrentDials()) {
      next = Math.min(next, nextDialTime(now));
    }
    next = Math.max(next, now + 1);
    if (next == timerAt) {
      return;
    }
    cancelTimer();
    if (next == Long.MAX_VALUE) {
      return;
    }
    timerAt = next;
    timer = scheduler.schedule(Duration.ofMillis(next - now), this::onTimer);
  }

  /** When the next dial could start: earliest cooldown end of a dialable node, or the next last resort. */
  private long nextDialTime(long now) {
    long next = Long.MAX_VALUE;
    boolean anyCandidate = false;
    boolean needed = connected.size() + dialing.size() < config.targetPeers();
    boolean room = connected.size() + dialing.size() < config.maxPeers();
    for (NodeRecord r : nodes.values()) {
      if (r.enode == null || connected.containsKey(r.id) || dialing.containsKey(r.id) || r.banned(now)) {
        continue;
      }
      anyCandidate |= r.cooling(now) && !r.isStatic;
      if (needed || (r.isStatic && room)) {
        next = Math.min(next, r.suitableAfter);
      }
    }
    for (NodeRecord r : nodes.values()) {
      if (needed && r.enode != null && r.banned(now)) {
        next = Math.min(next, r.bannedUntil);
      }
    }
    if (anyCandidate && connected.isEmpty() && dialing.isEmpty()) {
      next = Math.min(next, lastResortAt + config.lastResortInterval().toMillis());
    }
    return next;
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    timerAt = Long.MAX_VALUE;
  }

  private void onTimer() {
    timer = null;
    timerAt = Long.MAX_VALUE;
    wakeUps++;
    maintain();
  }
}
