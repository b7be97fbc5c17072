package io.ethfollow.devnet;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.Receipt;
import io.ethfollow.chain.Transaction;
import io.ethfollow.chain.Withdrawal;
import io.ethfollow.network.Responder;
import io.ethfollow.time.Scheduler;
import io.ethfollow.wire.DisconnectReason;
import io.ethfollow.wire.eth.EthCodec;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.serve.RequestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers peers' block requests like the daemon does, then applies the producer's request faults:
 * per request and in this order, drop the session (disconnect), stay silent (timeout), answer with
 * an empty list (empty), alter one body or receipt list so it no longer matches its header
 * (invalid), and send the answer late (slow). Draws are deterministic for a seed and a request
 * order. Runs on the serve executor (one thread); delayed answers are sent from the scheduler's
 * thread. Counts what it did for logs and tests.
 */
public final class FaultyResponder implements Responder {
  /** Purpose tag of the fault stream. */
  private static final long STREAM_FAULTS = 0x6661756cL;

  private final RequestServer server;
  private final FaultSpec faults;
  private final Scheduler scheduler;
  private final Rng rng;
  private final AtomicLong injected = new AtomicLong();

  public FaultyResponder(RequestServer server, FaultSpec faults, Scheduler scheduler, long seed) {
    this.server = server;
    this.faults = faults;
    this.scheduler = scheduler;
    this.rng = new Rng(seed, STREAM_FAULTS);
  }

  /** Requests that got a fault so far. */
  public long injected() {
    return injected.get();
  }

  @Override
  public void respond(EthMessage request, int ethVersion, Reply reply) {
    boolean block = request instanceof EthMessage.GetBlockHeaders
        || request instanceof EthMessage.GetBlockBodies
        || request instanceof EthMessage.GetReceipts;
    if (!block) {
      server.answer(request, ethVersion).ifPresent(reply::send);
      return;
    }
    boolean disconnect;
    boolean timeout;
    boolean empty;
    boolean invalid;
    synchronized (rng) {
      disconnect = rng.chance(faults.disconnectRate());
      timeout = rng.chance(faults.timeoutRate());
      empty = rng.chance(faults.emptyRate());
      invalid = rng.chance(faults.invalidRate());
    }
    if (disconnect) {
      injected.incrementAndGet();
      reply.disconnect(DisconnectReason.REQUESTED.because("devnet fault: disconnect on request"));
      return;
    }
    if (timeout) {
      injected.incrementAndGet();
      return;
    }
    Optional<EthMessage> answer =
        empty ? Optional.of(emptyAnswer(request, ethVersion)) : server.answer(request, ethVersion);
    if (answer.isEmpty()) {
      return;
    }
    EthMessage out = answer.get();
    if (!empty && invalid) {
      out = corrupt(out);
    }
    if (empty || out != answer.get() || faults.slowMillis() > 0) {
      injected.incrementAndGet();
    }
    if (faults.slowMillis() > 0) {
      EthMessage late = out;
      scheduler.schedule(Duration.ofMillis(faults.slowMillis()), () -> reply.send(late));
    } else {
      reply.send(out);
    }
  }

  static EthMessage emptyAnswer(EthMessage request, int ethVersion) {
    if (request instanceof EthMessage.GetBlockHeaders g) {
      return new EthMessage.BlockHeaders(g.requestId(), List.of());
    }
    if (request instanceof EthMessage.GetBlockBodies g) {
      return new EthMessage.BlockBodies(g.requestId(), List.of());
    }
    EthMessage.GetReceipts g = (EthMessage.GetReceipts) request;
    return new EthMessage.Receipts(g.requestId(), EthCodec.receiptForm(ethVersion), List.of());
  }

  /**
   * The answer with its first body or receipt list altered but still well-formed: a body loses its
   * last transaction (or gains a withdrawal), a receipt list's last cumulative gas grows by one (or an
   * empty list gains a receipt). Headers are returned unchanged.
   */
  static EthMessage corrupt(EthMessage answer) {
    if (answer instanceof EthMessage.BlockBodies b && !b.rawBodies().isEmpty()) {
      List<byte[]> bodies = new ArrayList<>(b.rawBodies());
      bodies.set(0, alteredBody(BlockBody.decode(bodies.get(0))).encode());
      return new EthMessage.BlockBodies(b.requestId(), bodies);
    }
    if (answer instanceof EthMessage.Receipts r && !r.blocks().isEmpty()) {
      List<EthMessage.BlockReceipts> blocks = new ArrayList<>(r.blocks());
      blocks.set(0, EthMessage.BlockReceipts.of(alteredReceipts(blocks.get(0).receipts())));
      return new EthMessage.Receipts(r.requestId(), r.form(), blocks);
    }
    return answer;
  }

  private static BlockBody alteredBody(BlockBody body) {
    List<Transaction> txs = body.transactions();
    if (!txs.isEmpty()) {
      return new BlockBody(txs.subList(0, txs.size() - 1), body.uncles(), body.withdrawals());
    }
    List<Withdrawal> withdrawals = new ArrayList<>(body.withdrawals() == null ? List.of() : body.withdrawals());
    withdrawals.add(new Withdrawal(0, 0, new byte[20], 1));
    return new BlockBody(txs, body.uncles(), withdrawals);
  }

  private static List<Receipt> alteredReceipts(List<Receipt> receipts) {
    List<Receipt> out = new ArrayList<>(receipts);
    if (out.isEmpty()) {
      out.add(Receipt.withComputedBloom(Transaction.TYPE_LEGACY, new byte[] {1}, 21_000, List.of()));
      return out;
    }
    Receipt last = out.get(out.size() - 1);
    out.set(out.size() - 1, new Receipt(
        last.type(), last.statusOrPostState(), last.cumulativeGasUsed() + 1, last.bloom(), last.logs()));
    return out;
  }
}
