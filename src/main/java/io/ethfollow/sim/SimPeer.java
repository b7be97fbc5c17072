package io.ethfollow.sim;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Bloom;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Receipt;
import io.ethfollow.chain.Transaction;
import io.ethfollow.chain.Withdrawal;
import io.ethfollow.peer.DropReason;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerLink;
import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.serve.ChainReader;
import io.ethfollow.wire.serve.RequestServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A simulated eth/69 peer behind the same {@link PeerLink} interface a real RLPx session implements.
 * It answers requests with the real {@link RequestServer} over its own view of a {@link SimChain}
 * (what has reached it by now: blocks appear once per slot, some late; a stale peer's chain is far
 * behind), after a latency drawn from its {@link SimBehaviour}, by scheduling {@code
 * executor.onMessage} on the simulation's scheduler. Misbehaviour (empty, silent, invalid answers,
 * dropped sessions, slow, short and shifted answers, corrupt bodies and receipts) is drawn from its own seeded random source, so runs are deterministic. Owned by
 * {@link SimNetwork}; runs on the simulation's (test) thread.
 */
public final class SimPeer implements PeerLink {
  final int index;
  final PeerId id;
  final SimBehaviour behaviour;
  private final SimNetwork net;
  private final Random random;
  private final long seed;
  private SimChain chain;
  boolean connected;
  int requests;
  int answered;
  long bodiesServed;
  /** Set while the pool holds a session of ours (it accepted the Status); cleared when the session ends. */
  boolean accepted;
  int sessionsEnded;
  final List<DropReason> poolDrops = new ArrayList<>();

  /** A body that matches no SimChain header: one withdrawal where the withdrawals root says none. */
  static final byte[] WRONG_BODY =
      new BlockBody(List.of(), List.of(), List.of(new Withdrawal(0, 0, new byte[20], 1))).encode();

  /** A receipt list whose root is not the empty root every SimChain header carries. */
  static final EthMessage.BlockReceipts WRONG_RECEIPTS = EthMessage.BlockReceipts.of(
      List.of(new Receipt(Transaction.TYPE_LEGACY, new byte[] {1}, 21_000, new byte[Bloom.SIZE], List.of())));

  SimPeer(SimNetwork net, int index, SimChain chain, SimBehaviour behaviour, long seed) {
    this.net = net;
    this.index = index;
    this.id = PeerId.of(enode(index));
    this.chain = chain;
    this.behaviour = behaviour;
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** A deterministic enode for peer {@code n}. */
  private final java.util.Set<Hash> bodiesAsked = new java.util.HashSet<>();

  public static Enode enode(int n) {
    byte[] nodeId = new byte[64];
    for (int i = 0; i < 64; i++) {
      nodeId[i] = (byte) (n * 31 + i + 1);
    }
    try {
      return new Enode(nodeId, InetAddress.getByAddress(new byte[] {10, 1, (byte) (n >> 8), (byte) n}), 30303, 30303);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hashes of every block whose body this peer was asked for (tests: nothing is downloaded twice). */
  public java.util.Set<Hash> bodiesAsked() {
    return bodiesAsked;
  }

  /** Requests this peer answered with data it did not corrupt. */
  public int requestsServed() {
    return answered;
  }

  /** Requests sent to this peer (while connected). */
  public int requestsReceived() {
    return requests;
  }

  /** Block bodies this peer served in answers it did not corrupt (a measure of its share of the blocks). */
  public long bodiesServed() {
    return bodiesServed;
  }

  /** Sessions of this peer the pool had accepted and that ended since (dropped by the pool or by the peer). */
  public int sessionsEnded() {
    return sessionsEnded;
  }

  /** Why the pool dropped this peer, once per drop, in order. */
  public List<DropReason> poolDrops() {
    return List.copyOf(poolDrops);
  }

  public SimBehaviour behaviour() {
    return behaviour;
  }

  /** Whether a session with this peer is open now. */
  public boolean connected() {
    return connected;
  }

  public SimChain chain() {
    return chain;
  }

  /** Switches this peer to another branch (a reorg reaching it). */
  public void switchTo(SimChain branch) {
    this.chain = branch;
  }

  /** How late block {@code n} reaches this peer (0 for most; up to tipMaxDelay for tipShare of blocks). */
  long tipDelay(long n) {
    if (behaviour.tipShare() <= 0 || n < chain.base()) {
      return 0;
    }
    Random r = new Random(seed * 1_000_003L + n);
    return r.nextDouble() < behaviour.tipShare() ? (long) (r.nextDouble() * behaviour.tipMaxDelayMs()) : 0;
  }

  /**
   * When block {@code n} reaches this peer (virtual epoch millis): its own delay, but never before its
   * parent (a node imports blocks in order).
   */
  public long availableAt(long n) {
    long at = chain.appearsAt(n) + tipDelay(n);
    return n > chain.base() && behaviour.tipShare() > 0 ? Math.max(at, availableAt(n - 1)) : at;
  }

  boolean has(long n, long now) {
    return n <= chain.headAt(now) && n >= chain.base() - 1 && now >= availableAt(n);
  }

  /** The highest block this peer has now. */
  long visibleHead(long now) {
    long n = chain.headAt(now);
    while (n >= chain.base() && !has(n, now)) {
      n--;
    }
    return n;
  }

  long latency() {
    long span = behaviour.maxLatencyMs() - behaviour.minLatencyMs();
    return behaviour.minLatencyMs() + (span <= 0 ? 0 : (long) (random.nextDouble() * span));
  }

  @Override
  public PeerId id() {
    return id;
  }

  @Override
  public String clientId() {
    return "Sim/v1/" + index;
  }

  @Override
  public int ethVersion() {
    return 69;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return new InetSocketAddress("10.1.0.1", 30303);
  }

  @Override
  public void send(EthMessage message) {
    if (!connected) {
      return;
    }
    requests++;
    long latency = latency();
    // The first four draws are made for every request whatever the rates, so runs of the original
    // behaviours keep their random sequence; the later terms draw only when configured.
    if (random.nextDouble() < behaviour.disconnectRate()) {
      net.dropSoon(this, latency);
      return;
    }
    if (random.nextDouble() < behaviour.timeoutRate()) {
      return; // silent: the executor's soft timeout and grace handle it
    }
    Faults f = new Faults(random.nextDouble() < behaviour.emptyRate(), random.nextDouble() < behaviour.invalidRate(),
        roll(behaviour.shiftedRate()), roll(behaviour.shortRate()));
    if (roll(behaviour.slowRate())) {
      latency += SimBehaviour.SLOW_ANSWER_MS;
    }
    net.deliverLater(this, latency, () -> answer(message, f));
  }

  private boolean roll(double rate) {
    return rate > 0 && random.nextDouble() < rate;
  }

  /** What goes wrong with one answer. */
  private record Faults(boolean empty, boolean invalid, boolean shifted, boolean cut) {}

  private EthMessage answer(EthMessage request, Faults f) {
    if (request instanceof EthMessage.GetBlockBodies g) {
      bodiesAsked.addAll(g.hashes());
    }
    long now = net.scheduler.nowMillis();
    RequestServer server = new RequestServer(new View(now));
    Optional<EthMessage> answer = server.answer(request, 69);
    if (answer.isEmpty()) {
      return null;
    }
    EthMessage a = answer.get();
    if (a instanceof EthMessage.BlockHeaders h) {
      List<BlockHeader> headers = f.empty() ? List.of() : h.headers();
      boolean corrupt = f.shifted() && !headers.isEmpty();
      if (corrupt) {
        headers = shifted(headers, now);
      }
      if (f.invalid() && behaviour.corrupts(SimBehaviour.HEADERS) && headers.size() > 1) {
        List<BlockHeader> reversed = new ArrayList<>(headers);
        Collections.reverse(reversed);
        headers = reversed;
        corrupt = true;
      }
      if (f.cut()) {
        headers = cut(headers);
      }
      a = new EthMessage.BlockHeaders(h.requestId(), headers);
      if (!headers.isEmpty() && !corrupt) {
        answered++;
      }
    } else if (a instanceof EthMessage.BlockBodies b) {
      List<byte[]> bodies = f.empty() ? List.of() : b.rawBodies();
      boolean corrupt = f.invalid() && behaviour.corrupts(SimBehaviour.BODIES) && !bodies.isEmpty();
      if (corrupt) {
        bodies = new ArrayList<>(bodies);
        bodies.set(0, WRONG_BODY);
      }
      if (f.cut()) {
        bodies = cut(bodies);
      }
      a = new EthMessage.BlockBodies(b.requestId(), bodies);
      if (!bodies.isEmpty() && !corrupt) {
        answered++;
        bodiesServed += bodies.size();
      }
    } else if (a instanceof EthMessage.Receipts r) {
      List<EthMessage.BlockReceipts> lists = f.empty() ? List.of() : r.blocks();
      boolean corrupt = f.invalid() && behaviour.corrupts(SimBehaviour.RECEIPTS) && !lists.isEmpty();
      if (corrupt) {
        lists = new ArrayList<>(lists);
        lists.set(0, WRONG_RECEIPTS);
      }
      if (f.cut()) {
        lists = cut(lists);
      }
      a = new EthMessage.Receipts(r.requestId(), r.form(), lists);
      if (!lists.isEmpty() && !corrupt) {
        answered++;
      }
    } else {
      answered++;
    }
    return a;
  }

  /** As many headers (as far as this peer has them), starting one block after the first one asked for. */
  private List<BlockHeader> shifted(List<BlockHeader> headers, long now) {
    long first = headers.get(0).number();
    long step = headers.size() > 1 ? headers.get(1).number() - first : 1;
    long shift = step < 0 ? -1 : 1;
    List<BlockHeader> out = new ArrayList<>(headers.size());
    for (int i = 0; i < headers.size(); i++) {
      long n = first + shift + step * i;
      if (!has(n, now)) {
        break;
      }
      out.add(chain.header(n));
    }
    return out;
  }

  /** A correct prefix: half the items, at least one. */
  private static <T> List<T> cut(List<T> items) {
    return items.size() <= 1 ? items : items.subList(0, items.size() / 2);
  }

  @Override
  public void disconnect(DisconnectCause cause) {
    net.disconnectedByUs(this);
  }

  /** This peer's chain as it is now, as the serving code reads it. */
  private final class View implements ChainReader {
    private final long now;

    View(long now) {
      this.now = now;
    }

    @Override
    public Optional<byte[]> headerByNumber(long number) {
      return has(number, now) ? Optional.of(chain.header(number).rlp()) : Optional.empty();
    }

    @Override
    public Optional<byte[]> headerByHash(Hash hash) {
      BlockHeader h = chain.header(hash);
      return h != null && has(h.number(), now) ? Optional.of(h.rlp()) : Optional.empty();
    }

    @Override
    public Optional<Hash> canonicalHash(long number) {
      return has(number, now) ? Optional.of(chain.header(number).hash()) : Optional.empty();
    }

    @Override
    public Optional<byte[]> bodyByHash(Hash hash) {
      BlockHeader h = chain.header(hash);
      return h != null && has(h.number(), now) ? Optional.of(SimChain.EMPTY_BODY) : Optional.empty();
    }

    @Override
    public Optional<byte[]> receiptsByHash(Hash hash) {
      BlockHeader h = chain.header(hash);
      return h != null && has(h.number(), now) ? Optional.of(SimChain.EMPTY_RECEIPTS) : Optional.empty();
    }
  }
}
