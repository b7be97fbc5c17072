package io.ethfollow.app;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.CheckResult;
import io.ethfollow.chain.VerificationReport;
import io.ethfollow.network.NetworkService;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerSnapshot;
import io.ethfollow.request.RequestOutcome;
import io.ethfollow.time.Scheduler;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.rlp.Hex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Downloads a peer's whole chain (every header from genesis to its head, every body and receipt
 * list) through the same request executor the sync engine uses, and verifies all of it: the header
 * chain links from our genesis, bodies match their headers' roots, receipts match receiptsRoot,
 * bloom, gas and counts. Runs on the caller's thread and blocks on each request; the requests
 * themselves are issued on the network scheduler thread, which owns the pool and the executor.
 */
final class PeerChecker {
  /** One thing that went wrong, for the report. */
  record Problem(String request, String kind, long fromBlock, String detail) {}

  /**
   * What was verified. The report's {@code contentDigest} is {@link ContentDigest#of} over the
   * digest of every body (canonical RLP, in block order) and the digest of every receipt list (eth/69
   * RLP, in block order): equal digests mean byte-identical downloads.
   */
  record Verified(long headers, long bodies, long receipts) {}

  /** The outcome of a check. */
  record Report(
      String peer,
      String client,
      int eth,
      Head head,
      Verified verified,
      List<Problem> problems,
      boolean passed,
      String contentDigest) {}

  record Head(long number, String hash) {}

  /** Headers per request: EthereumJS and geth answer up to 1024; 192 is geth's own batch size. */
  static final int HEADER_BATCH = 192;

  /** Bodies and receipt lists per request: small enough to stay under the 2 MiB soft limit. */
  static final int CONTENT_BATCH = 32;

  private final ChainSpec spec;
  private final NetworkService network;
  private final Scheduler scheduler;
  private final Duration wait;
  private final List<Problem> problems = new ArrayList<>();
  private final ContentDigest bodyDigest = new ContentDigest();
  private final ContentDigest receiptDigest = new ContentDigest();

  PeerChecker(ChainSpec spec, NetworkService network, Scheduler scheduler, Duration requestTimeout) {
    this.spec = spec;
    this.network = network;
    this.scheduler = scheduler;
    // A request completes (answer or soft timeout) within its timeout; the rest is margin.
    this.wait = requestTimeout.multipliedBy(2).plusSeconds(5);
  }

  Report check(PeerId id) throws Exception {
    PeerSnapshot peer = onNetwork(() -> CompletableFuture.completedFuture(network.pool().peer(id).orElse(null)));
    if (peer == null) {
      problems.add(new Problem("connect", "disconnected", 0, "peer left before the check started"));
      return report(id, null, List.of(), 0, 0);
    }
    List<BlockHeader> headers = headers(id, peer.headNumber());
    long bodies = 0;
    long receipts = 0;
    if (!headers.isEmpty() && problems.isEmpty()) {
      List<BlockBody> bodyList = bodies(id, headers);
      bodies = bodyList.size();
      receipts = receipts(id, headers.subList(0, bodyList.size()), bodyList);
      for (BlockBody b : bodyList) {
        bodyDigest.update(b.encode());
      }
    }
    return report(id, peer, headers, bodies, receipts);
  }

  private Report report(PeerId id, PeerSnapshot peer, List<BlockHeader> headers, long bodies, long receipts) {
    BlockHeader head = headers.isEmpty() ? null : headers.get(headers.size() - 1);
    long verifiedHeaders = headers.size();
    return new Report(
        id.hex(),
        peer == null ? null : peer.clientId(),
        peer == null ? 0 : peer.ethVersion(),
        head == null ? null : new Head(head.number(), head.hash().toHex()),
        new Verified(verifiedHeaders, bodies, receipts),
        List.copyOf(problems),
        problems.isEmpty(),
        Hex.encode(ContentDigest.of(bodyDigest.finish(), receiptDigest.finish())));
  }

  /**
   * Headers 1..head, the first linked to our genesis hash and each to its parent; stops at the first
   * failure. (Block 0 is not fetched: we know it, and a store that began at a later block may not
   * serve it.)
   */
  private List<BlockHeader> headers(PeerId id, long head) throws Exception {
    List<BlockHeader> out = new ArrayList<>();
    long next = 1;
    while (next <= head) {
      long from = next;
      int amount = (int) Math.min(HEADER_BATCH, head - from + 1);
      RequestOutcome<List<BlockHeader>> r =
          onNetwork(() -> network.peers().headers(id, from, amount, 0, false));
      List<BlockHeader> got = valueOf(r, "headers", from);
      if (got == null || got.isEmpty()) {
        return out;
      }
      for (BlockHeader h : got) {
        VerificationReport layout = BlockVerifier.verifyHeaderLayout(spec, h);
        if (out.isEmpty()) {
          if (h.number() != 1 || !h.parentHash().equals(spec.genesisHash())) {
            problems.add(new Problem("headers", "invalid", h.number(),
                "block 1 does not link to our genesis " + spec.genesisHash()));
            return out;
          }
          if (!layout.passed()) {
            problems.add(new Problem("headers", "invalid", h.number(), failures(layout)));
            return out;
          }
        } else {
          VerificationReport link = BlockVerifier.verifyLink(out.get(out.size() - 1), h).then(layout);
          if (!link.passed()) {
            problems.add(new Problem("headers", "invalid", h.number(), failures(link)));
            return out;
          }
        }
        out.add(h);
      }
      next = out.get(out.size() - 1).number() + 1;
    }
    return out;
  }

  /** Bodies (the request checks each against its header's roots); stops at the first failure. */
  private List<BlockBody> bodies(PeerId id, List<BlockHeader> headers) throws Exception {
    List<BlockBody> out = new ArrayList<>();
    while (out.size() < headers.size()) {
      List<BlockHeader> batch =
          headers.subList(out.size(), Math.min(headers.size(), out.size() + CONTENT_BATCH));
      RequestOutcome<List<BlockBody>> r = onNetwork(() -> network.peers().bodies(id, batch));
      List<BlockBody> got = valueOf(r, "bodies", batch.get(0).number());
      if (got == null || got.isEmpty()) {
        return out;
      }
      out.addAll(got);
    }
    return out;
  }

  /** Receipt lists, each verified against its header and body; stops at the first failure. */
  private long receipts(PeerId id, List<BlockHeader> headers, List<BlockBody> bodies) throws Exception {
    int done = 0;
    while (done < headers.size()) {
      int start = done;
      List<BlockHeader> batch = headers.subList(start, Math.min(headers.size(), start + CONTENT_BATCH));
      RequestOutcome<List<EthMessage.BlockReceipts>> r =
          onNetwork(() -> network.peers().receipts(id, batch));
      List<EthMessage.BlockReceipts> got = valueOf(r, "receipts", batch.get(0).number());
      if (got == null || got.isEmpty()) {
        return done;
      }
      for (int i = 0; i < got.size(); i++) {
        BlockHeader h = batch.get(i);
        VerificationReport v =
            BlockVerifier.verifyReceipts(h, bodies.get(start + i).transactions(), got.get(i).receipts());
        if (!v.passed()) {
          problems.add(new Problem("receipts", "invalid", h.number(), failures(v)));
          return done;
        }
        receiptDigest.update(got.get(i).eth69Rlp());
        done++;
      }
    }
    return done;
  }

  /** The value of an Ok or Partial outcome; records a problem for anything else and returns null. */
  private <T> T valueOf(RequestOutcome<T> r, String request, long from) {
    if (r instanceof RequestOutcome.Ok<T> ok) {
      return ok.value();
    }
    if (r instanceof RequestOutcome.Partial<T> p) {
      return p.value();
    }
    String kind;
    String detail;
    if (r instanceof RequestOutcome.Timeout) {
      kind = "timeout";
      detail = "no answer within the request timeout";
    } else if (r instanceof RequestOutcome.Empty) {
      kind = "empty";
      detail = "the peer answered with nothing";
    } else if (r instanceof RequestOutcome.Invalid<T> inv) {
      kind = "invalid";
      detail = inv.reason();
    } else {
      kind = "disconnected";
      detail = "the session ended";
    }
    problems.add(new Problem(request, kind, from, detail));
    return null;
  }

  private static String failures(VerificationReport r) {
    StringBuilder sb = new StringBuilder();
    for (CheckResult c : r.failures()) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(c.name()).append(": expected ").append(c.expected()).append(", got ").append(c.actual());
    }
    return sb.toString();
  }

  /** Runs {@code call} on the network thread and waits for the future it returns. */
  private <T> T onNetwork(Supplier<CompletableFuture<T>> call) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    scheduler.execute(
        () -> {
          try {
            call.get().whenComplete((v, e) -> {
              if (e != null) {
                result.completeExceptionally(e);
              } else {
                result.complete(v);
              }
            });
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }
}
