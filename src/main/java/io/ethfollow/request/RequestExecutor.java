package io.ethfollow.request;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.OutcomeKind;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerLink;
import io.ethfollow.peer.PeerPool;
import io.ethfollow.peer.PeerSnapshot;
import io.ethfollow.time.Scheduler;
import io.ethfollow.wire.eth.EthMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests to peers and turns answers into checked {@link RequestOutcome}s. Owns the table of
 * open requests, keyed by our own request id (one counter for all our requests; peers' requests to us
 * use their own numbers and never reach this table); a response is matched by id and must have the
 * message code its request expects. Applies a soft timeout (3 × RTT, clamped): the caller gets
 * Timeout and may re-route, but the request stays registered (its peer busy) until the peer answers
 * (a late answer, not punished) or the grace period ends (the pool drops the peer). Every outcome is
 * reported to the {@link PeerPool}. Runs on the scheduler's thread: the shell delivers messages with
 * {@link #onMessage} and session ends with {@link #onDisconnected} there.
 */
public final class RequestExecutor implements PeerNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);

  private final PeerPool pool;
  private final Scheduler scheduler;
  private final ExecutorConfig config;
  private final Map<Long, Open<?>> open = new HashMap<>();
  private long nextRequestId = 1;

  public RequestExecutor(PeerPool pool, Scheduler scheduler, ExecutorConfig config) {
    this.pool = pool;
    this.scheduler = scheduler;
    this.config = config;
  }

  /** One open request. */
  private static final class Open<T> {
    final long requestId;
    final PeerId peer;
    final PeerRequest<T> request;
    final CompletableFuture<RequestOutcome<T>> future = new CompletableFuture<>();
    final long sentAt;
    Scheduler.Cancellable timer;
    boolean timedOut;

    Open(long requestId, PeerId peer, PeerRequest<T> request, long sentAt) {
      this.requestId = requestId;
      this.peer = peer;
      this.request = request;
      this.sentAt = sentAt;
    }
  }

  @Override
  public CompletableFuture<RequestOutcome<List<BlockHeader>>> headers(
      PeerId peer, long start, int amount, long skip, boolean reverse) {
    return send(peer, HeadersRequest.byNumber(start, amount, skip, reverse));
  }

  @Override
  public CompletableFuture<RequestOutcome<List<BlockHeader>>> headers(
      PeerId peer, Hash start, int amount, long skip, boolean reverse) {
    return send(peer, HeadersRequest.byHash(start, amount, skip, reverse));
  }

  @Override
  public CompletableFuture<RequestOutcome<List<BlockBody>>> bodies(PeerId peer, List<BlockHeader> headers) {
    return send(peer, new BodiesRequest(headers));
  }

  @Override
  public CompletableFuture<RequestOutcome<List<EthMessage.BlockReceipts>>> receipts(
      PeerId peer, List<BlockHeader> headers) {
    return send(peer, new ReceiptsRequest(headers));
  }

  /**
   * Sends any request. A peer that is gone yields Disconnected at once; a peer that already has an
   * open request is a caller error (select idle peers from the pool) and fails the future.
   */
  public <T> CompletableFuture<RequestOutcome<T>> send(PeerId peer, PeerRequest<T> request) {
    PeerLink link = pool.link(peer).orElse(null);
    if (link == null) {
      return CompletableFuture.completedFuture(new RequestOutcome.Disconnected<>(peer));
    }
    if (!pool.beginRequest(peer)) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("peer " + peer.shortId() + " already has an open request"));
    }
    long id = nextRequestId++;
    Open<T> o = new Open<>(id, peer, request, scheduler.nowMillis());
    open.put(id, o);
    o.timer = scheduler.schedule(softTimeout(peer), () -> softTimeout(o));
    link.send(request.message(id));
    return o.future;
  }

  /** A message from a peer (responses and BlockRangeUpdate; the session answers peers' requests itself). */
  public void onMessage(PeerId from, EthMessage message) {
    if (message instanceof EthMessage.BlockRangeUpdate r) {
      pool.onBlockRange(from, r.earliest(), r.latest(), r.latestHash());
      return;
    }
    if (!(message instanceof EthMessage.BlockHeaders
        || message instanceof EthMessage.BlockBodies
        || message instanceof EthMessage.Receipts)) {
      return;
    }
    EthMessage.Request response = (EthMessage.Request) message;
    Open<?> o = open.get(response.requestId());
    if (o == null || !o.peer.equals(from)) {
      badMessage(from, "unknown request id " + Long.toUnsignedString(response.requestId()));
      return;
    }
    open.remove(o.requestId);
    o.timer.cancel();
    if (o.request.responseId() != message.id()) {
      if (!o.timedOut) {
        complete(o, new RequestOutcome.Invalid<>(from, "wrong message type " + message.id()));
      }
      badMessage(from, "wrong message type " + message.id() + " for request " + o.requestId);
      return;
    }
    Duration rtt = Duration.ofMillis(scheduler.nowMillis() - o.sentAt);
    if (o.timedOut) {
      pool.onRequestOutcome(from, OutcomeKind.LATE_ANSWER, rtt);
      return;
    }
    deliver(o, response, rtt);
  }

  /** The session ended: its open requests complete as Disconnected (timed-out ones are just forgotten). */
  public void onDisconnected(PeerId peer) {
    for (Open<?> o : new ArrayList<>(open.values())) {
      if (o.peer.equals(peer)) {
        open.remove(o.requestId);
        o.timer.cancel();
        if (!o.timedOut) {
          completeQuietly(o, new RequestOutcome.Disconnected<>(peer));
        }
      }
    }
  }

  /** Open requests, timed-out ones included (for tests and status). */
  public int openRequests() {
    return open.size();
  }

  private <T> void deliver(Open<T> o, EthMessage.Request response, Duration rtt) {
    RequestOutcome<T> outcome = o.request.evaluate(o.peer, response, rtt);
    if (response instanceof EthMessage.BlockHeaders h && !h.headers().isEmpty()
        && !(outcome instanceof RequestOutcome.Invalid)) {
      BlockHeader highest = h.headers().get(0);
      for (BlockHeader b : h.headers()) {
        if (b.number() > highest.number()) {
          highest = b;
        }
      }
      pool.onHeadObserved(o.peer, highest.number(), highest.hash());
    }
    pool.onRequestOutcome(o.peer, outcome.kind(), rtt);
    o.future.complete(outcome);
  }

  private <T> void complete(Open<T> o, RequestOutcome<T> outcome) {
    o.future.complete(outcome);
  }

  private <T> void completeQuietly(Open<T> o, RequestOutcome<T> outcome) {
    pool.onRequestOutcome(o.peer, outcome.kind());
    o.future.complete(outcome);
  }

  private void softTimeout(Open<?> o) {
    if (open.get(o.requestId) != o) {
      return;
    }
    o.timedOut = true;
    pool.onRequestOutcome(o.peer, OutcomeKind.TIMEOUT);
    timeoutFuture(o);
    o.timer = scheduler.schedule(config.grace(), () -> graceEnded(o));
  }

  private <T> void timeoutFuture(Open<T> o) {
    o.future.complete(new RequestOutcome.Timeout<>(o.peer));
  }

  private void graceEnded(Open<?> o) {
    if (open.remove(o.requestId) != o) {
      return;
    }
    LOG.atDebug()
        .setMessage("peer stalling")
        .addKeyValue("event", "request_stalled")
        .addKeyValue("peer", o.peer.shortId())
        .addKeyValue("requestId", o.requestId)
        .log();
    pool.onRequestOutcome(o.peer, OutcomeKind.STALLED);
  }

  private void badMessage(PeerId from, String why) {
    LOG.atDebug()
        .setMessage("bad message")
        .addKeyValue("event", "bad_message")
        .addKeyValue("peer", from.shortId())
        .addKeyValue("why", why)
        .log();
    pool.onRequestOutcome(from, OutcomeKind.BAD_MESSAGE);
  }

  private Duration softTimeout(PeerId peer) {
    long rtt = pool.peer(peer).map(PeerSnapshot::rtt).orElse(config.maxTimeout()).toMillis();
    long t = rtt * config.rttMultiplier();
    return Duration.ofMillis(Math.max(config.minTimeout().toMillis(), Math.min(config.maxTimeout().toMillis(), t)));
  }
}
