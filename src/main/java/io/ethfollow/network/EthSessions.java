package io.ethfollow.network;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.DropReason;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.request.RequestExecutor;
import io.ethfollow.rlpx.RlpxSession;
import io.ethfollow.rlpx.SessionListener;
import io.ethfollow.time.Scheduler;
import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.DisconnectReason;
import io.ethfollow.wire.MessageDecodeException;
import io.ethfollow.wire.eth.EthCodec;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.eth.StatusValidator;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The eth protocol on top of established RLPx sessions: sends our Status, validates the peer's
 * (network, genesis, fork id), then routes every message — the peer's requests to the
 * {@link Responder} on the serving thread, responses and BlockRangeUpdate to the
 * {@link RequestExecutor}, gossip to nowhere. Owns the per-session handshake state. Every method
 * runs on the network scheduler's thread (the RLPx listener executor), which also owns the pool and
 * the executor; only serving runs elsewhere, because it reads the store.
 */
final class EthSessions implements SessionListener {
  private static final Logger LOG = LoggerFactory.getLogger(EthSessions.class);

  /** A peer must send its Status this soon after Hello; geth allows 5 s for the eth handshake. */
  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Requests one peer may have waiting for an answer from us. Honest clients keep a handful in flight
   * (geth's fetchers: a few per peer); each answer can be 2 MiB, so a peer past this bound is flooding
   * us and is disconnected instead of growing the serving queue without limit.
   */
  static final int MAX_SERVING_PER_PEER = 16;

  private final ChainSpec spec;
  private final Supplier<LocalHead> localHead;
  private final PeerPool pool;
  private final RequestExecutor executor;
  private final Responder responder;
  private final Executor serveExecutor;
  private final Scheduler scheduler;
  private final NetworkCounters counters;
  private final Map<RlpxSession, Scheduler.Cancellable> awaitingStatus = new HashMap<>();
  private final Map<RlpxSession, SessionLink> established = new HashMap<>();
  /** Sessions we ended at Status: the pool hears the precise reason, not the wire code. */
  private final Map<RlpxSession, DropReason> rejected = new HashMap<>();
  private final Map<RlpxSession, java.util.concurrent.atomic.AtomicInteger> serving = new HashMap<>();

  EthSessions(
      ChainSpec spec,
      Supplier<LocalHead> localHead,
      PeerPool pool,
      RequestExecutor executor,
      Responder responder,
      Executor serveExecutor,
      Scheduler scheduler,
      NetworkCounters counters) {
    this.spec = spec;
    this.localHead = localHead;
    this.pool = pool;
    this.executor = executor;
    this.responder = responder;
    this.serveExecutor = serveExecutor;
    this.scheduler = scheduler;
    this.counters = counters;
  }

  @Override
  public void onConnected(RlpxSession session) {
    counters.sessionsOpened.incrementAndGet();
    LocalHead head = localHead.get();
    EthMessage status = ourStatus(session.ethVersion(), head);
    session.send(status.id().code(), EthCodec.encode(status));
    awaitingStatus.put(
        session,
        scheduler.schedule(
            STATUS_TIMEOUT,
            () -> {
              if (awaitingStatus.remove(session) != null) {
                session.disconnect(DisconnectReason.SUBPROTOCOL_ERROR.because("no eth Status within 5 s"));
              }
            }));
  }

  /** Our Status for the negotiated version (eth/68 carries total difficulty, eth/69 a block range). */
  EthMessage ourStatus(int version, LocalHead head) {
    if (version >= EthCodec.ETH69) {
      return new EthMessage.Status69(
          version, spec.networkId(), spec.genesisHash(), spec.forkId(head.number(), head.timestamp()),
          head.earliest(), head.number(), head.hash());
    }
    return new EthMessage.Status68(
        version, spec.networkId(), totalDifficulty(), head.hash(), spec.genesisHash(),
        spec.forkId(head.number(), head.timestamp()));
  }

  /**
   * eth/68 still carries a total difficulty. After the merge it no longer changes, so the terminal
   * total difficulty is what every synced node reports; before (or without) a merge we report the
   * genesis difficulty. Peers do not use it to choose whom to sync from any more.
   */
  private BigInteger totalDifficulty() {
    if (spec.merge().isPresent()) {
      return spec.merge().get().terminalTotalDifficulty();
    }
    return spec.genesisHeader().map(h -> h.difficulty()).orElse(BigInteger.ZERO);
  }

  /** On the Netty thread: the eth message, or the {@link MessageDecodeException} decoding raised. */
  @Override
  public Object decode(RlpxSession session, int code, byte[] payload) {
    try {
      return EthCodec.decode(session.ethVersion(), code, payload);
    } catch (MessageDecodeException e) {
      return e;
    }
  }

  @Override
  public void onMessage(RlpxSession session, int code, byte[] payload) {
    onDecoded(session, code, payload, null);
  }

  @Override
  public void onDecoded(RlpxSession session, int code, byte[] payload, Object decoded) {
    Object d = decoded != null ? decoded : decode(session, code, payload); // not decoded by the transport
    if (d instanceof MessageDecodeException e) {
      counters.badMessages.incrementAndGet();
      session.disconnect(e.disconnectCause());
      return;
    }
    if (!(d instanceof EthMessage message)) {
      return;
    }
    if (awaitingStatus.containsKey(session)) {
      onStatus(session, message);
      return;
    }
    SessionLink link = established.get(session);
    if (link == null) {
      return; // disconnecting
    }
    if (message instanceof EthMessage.Status) {
      counters.badMessages.incrementAndGet();
      session.disconnect(DisconnectReason.BREACH_OF_PROTOCOL.because("second eth Status"));
    } else if (message instanceof EthMessage.GetBlockHeaders
        || message instanceof EthMessage.GetBlockBodies
        || message instanceof EthMessage.GetReceipts
        || message instanceof EthMessage.GetPooledTransactions) {
      java.util.concurrent.atomic.AtomicInteger queued =
          serving.computeIfAbsent(session, k -> new java.util.concurrent.atomic.AtomicInteger());
      if (queued.incrementAndGet() > MAX_SERVING_PER_PEER) {
        queued.decrementAndGet();
        counters.badMessages.incrementAndGet();
        session.disconnect(
            DisconnectReason.BREACH_OF_PROTOCOL.because(
                "more than " + MAX_SERVING_PER_PEER + " requests waiting for answers"));
        return;
      }
      counters.requestsServed.incrementAndGet();
      int version = session.ethVersion();
      serveExecutor.execute(
          () -> {
            try {
              responder.respond(
                  message,
                  version,
                  new Responder.Reply() {
                    @Override
                    public void send(EthMessage answer) {
                      link.send(answer);
                    }

                    @Override
                    public void disconnect(DisconnectCause cause) {
                      link.disconnect(cause);
                    }
                  });
            } finally {
              queued.decrementAndGet();
            }
          });
    } else if (message instanceof EthMessage.Gossip) {
      counters.gossipIgnored.incrementAndGet();
    } else {
      executor.onMessage(link.id(), message);
    }
  }

  private void onStatus(RlpxSession session, EthMessage message) {
    awaitingStatus.remove(session).cancel();
    if (!(message instanceof EthMessage.Status status)) {
      counters.badMessages.incrementAndGet();
      session.disconnect(DisconnectReason.BREACH_OF_PROTOCOL.because("first eth message was not Status"));
      return;
    }
    LocalHead head = localHead.get();
    Optional<DisconnectCause> verdict =
        StatusValidator.check(spec, session.ethVersion(), head.number(), head.timestamp(), status);
    if (verdict.isPresent()) {
      counters.statusRejected.incrementAndGet();
      LOG.atDebug()
          .setMessage("peer status rejected")
          .addKeyValue("event", "status_rejected")
          .addKeyValue("peer", PeerId.of(session.remoteNodeId()).shortId())
          .addKeyValue("client", session.clientId())
          .addKeyValue("reason", verdict.get().detail())
          .log();
      // Another network, genesis or fork is not a fault to retry soon: the pool bans it (12 h).
      rejected.put(
          session,
          verdict.get().wire() == DisconnectReason.USELESS_PEER
              ? DropReason.WRONG_NETWORK
              : DropReason.fromWire(verdict.get().wire()));
      session.disconnect(verdict.get());
      return;
    }
    SessionLink link = new SessionLink(session);
    established.put(session, link);
    long headNumber = -1;
    Hash headHash;
    long earliest = 0;
    if (status instanceof EthMessage.Status69 s) {
      headNumber = s.latest();
      headHash = s.latestHash();
      earliest = s.earliest();
    } else {
      headHash = ((EthMessage.Status68) status).bestHash();
    }
    pool.onConnected(link, headNumber, headHash, earliest);
  }

  @Override
  public void onDisconnected(RlpxSession session, DisconnectCause cause, boolean byPeer) {
    Scheduler.Cancellable timer = awaitingStatus.remove(session);
    if (timer != null) {
      timer.cancel();
    }
    SessionLink link = established.remove(session);
    DropReason precise = rejected.remove(session);
    serving.remove(session);
    PeerId id = PeerId.of(session.remoteNodeId());
    // A second session to a node we are already connected to (both sides dialled) must not take the
    // live one down with it: the pool and the executor only hear about the session they hold.
    var current = pool.link(id);
    if (current.isPresent() && current.get() != link) {
      return;
    }
    if (link != null) {
      executor.onDisconnected(id);
    }
    pool.onDisconnected(id, precise != null ? precise : DropReason.fromWire(cause.wire()));
  }

  @Override
  public void onHandshakeFailed(InetSocketAddress remote, DisconnectCause cause) {
    counters.handshakesFailed.incrementAndGet();
  }

  /** Bad bytes at the RLPx or p2p level (handshake, MAC, frame, snappy, p2p message). */
  @Override
  public void onMalformed(InetSocketAddress remote, DisconnectCause cause) {
    counters.badMessages.incrementAndGet();
    LOG.atDebug()
        .setMessage("malformed input from peer")
        .addKeyValue("event", "bad_message")
        .addKeyValue("remote", String.valueOf(remote))
        .addKeyValue("reason", cause.detail())
        .log();
  }

  @Override
  public void onConnectionRefused(InetSocketAddress remote, DisconnectCause cause) {
    counters.connectionsRefused.incrementAndGet();
  }

  /** The live session link of a peer past its eth handshake, if any (the pool may have let go of it). */
  Optional<SessionLink> link(PeerId id) {
    for (SessionLink l : established.values()) {
      if (l.id().equals(id)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * Sends eth/69 BlockRangeUpdate to every established eth/69 session (eth/68 has no such message);
   * returns how many got it.
   */
  int announceRange(EthMessage.BlockRangeUpdate update) {
    int sent = 0;
    for (SessionLink l : established.values()) {
      if (l.ethVersion() >= EthCodec.ETH69) {
        l.send(update);
        sent++;
      }
    }
    return sent;
  }

  /** Sessions past the eth handshake. */
  int establishedCount() {
    return established.size();
  }
}
