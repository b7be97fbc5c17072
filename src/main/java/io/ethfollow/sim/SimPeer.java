package io.ethfollow.sim;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
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
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A simulated eth/69 peer behind the same {@link PeerLink} interface a real RLPx session implements.
 * It answers requests with the real {@link RequestServer} over its own view of a {@link SimChain}
 * (what has reached it by now: blocks appear once per slot, some late; a stale peer's chain is far
 * behind), after a latency drawn from its {@link SimBehaviour}, by scheduling {@code
 * executor.onMessage} on the simulation's scheduler. Misbehaviour (empty, silent, invalid answers,
 * dropped sessions) is drawn from its own seeded random source, so runs are deterministic. Owned by
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

  /** Requests this peer answered with data. */
  /** Hashes of every block whose body this peer was asked for (tests: nothing is downloaded twice). */
  public java.util.Set<Hash> bodiesAsked() {
    return bodiesAsked;
  }

  public int requestsServed() {
    return answered;
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
    if (behaviour.tipShare() <= 0) {
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
    return n <= chain.headAt(now) && n >= chain.base() && now >= availableAt(n);
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
    if (random.nextDouble() < behaviour.disconnectRate()) {
      net.dropSoon(this, latency);
      return;
    }
    if (random.nextDouble() < behaviour.timeoutRate()) {
      return; // silent: the executor's soft timeout and grace handle it
    }
    boolean empty = random.nextDouble() < behaviour.emptyRate();
    boolean invalid = random.nextDouble() < behaviour.invalidRate();
    net.deliverLater(this, latency, () -> answer(message, empty, invalid));
  }

  private EthMessage answer(EthMessage request, boolean empty, boolean invalid) {
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
      if (empty) {
        return new EthMessage.BlockHeaders(h.requestId(), List.of());
      }
      if (invalid && h.headers().size() > 1) {
        List<BlockHeader> reversed = new ArrayList<>(h.headers());
        java.util.Collections.reverse(reversed);
        return new EthMessage.BlockHeaders(h.requestId(), reversed);
      }
    } else if (a instanceof EthMessage.BlockBodies b && empty) {
      return new EthMessage.BlockBodies(b.requestId(), List.of());
    } else if (a instanceof EthMessage.Receipts r && empty) {
      return new EthMessage.Receipts(r.requestId(), r.form(), List.of());
    }
    answered++;
    return a;
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
