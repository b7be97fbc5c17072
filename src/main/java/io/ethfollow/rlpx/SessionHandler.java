package io.ethfollow.rlpx;

import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.DisconnectReason;
import io.ethfollow.wire.MessageDecodeException;
import io.ethfollow.wire.NodeKey;
import io.ethfollow.wire.eth.EthMessageId;
import io.ethfollow.wire.p2p.P2pCodec;
import io.ethfollow.wire.p2p.P2pMessage;
import io.ethfollow.wire.p2p.P2pMessageId;
import io.ethfollow.wire.p2p.SharedCapabilities;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The last handler of a connection: owns the session's state machine (awaiting handshake, awaiting
 * Hello, active, ending). Sends our Hello after the handshake, checks the peer's Hello (identity, eth
 * version, a free inbound session slot), lifts the handshake-phase limits once it is accepted,
 * answers Ping, pings an idle peer and drops a silent one, applies snappy, handles Disconnect both
 * ways, reports malformed input once, and hands eth messages to the {@link SessionListener} on its
 * executor. Every method runs on the channel's event loop except {@link #sendMessage} (any thread).
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {
  private enum State {
    HANDSHAKE,
    AWAIT_HELLO,
    ACTIVE,
    ENDING
  }

  private final NodeKey key;
  private final RlpxConfig config;
  private final SessionListener listener;
  private final Executor listenerExecutor;
  private final CompletableFuture<RlpxSession> established;
  private final boolean inbound;
  /** Slots for inbound sessions past Hello, shared by every connection of the transport. */
  private final Semaphore inboundSessions;

  /**
   * Largest frame a peer may send while we await no answer from it. Everything it may send
   * unasked is far smaller: its requests (at most 1024 hashes, ~33 KB), transaction announcements
   * (at most 4096 entries, ~150 KB), transaction broadcasts (geth's pool caps a transaction at
   * 128 KB), Status, BlockRangeUpdate and p2p messages (2 KiB). Only answers to our requests need
   * the 16 MiB frames (one block's receipts can exceed 10 MB), so a session we ask nothing cannot
   * make us buffer more than this.
   */
  static final int MAX_UNSOLICITED_FRAME = 2 * 1024 * 1024;

  private ChannelHandlerContext ctx;
  private boolean holdsSessionSlot;
  /** Our requests the peer has not answered yet; written by senders, read on the event loop. */
  private final AtomicInteger awaitingAnswers = new AtomicInteger();
  private State state = State.HANDSHAKE;
  private byte[] remoteNodeId;
  private SharedCapabilities.Shared eth;
  private boolean snappy;
  private volatile RlpxSession session;
  private volatile boolean ending;
  private DisconnectCause cause;
  private boolean byPeer;
  private ScheduledFuture<?> handshakeTimer;

  SessionHandler(
      NodeKey key,
      RlpxConfig config,
      SessionListener listener,
      Executor listenerExecutor,
      CompletableFuture<RlpxSession> established,
      boolean inbound,
      Semaphore inboundSessions) {
    this.key = key;
    this.config = config;
    this.listener = listener;
    this.listenerExecutor = listenerExecutor;
    this.established = established;
    this.inbound = inbound;
    this.inboundSessions = inboundSessions;
  }

  boolean isEnding() {
    return ending;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    long ms = config.handshakeTimeout().toMillis();
    handshakeTimer =
        ctx.executor()
            .schedule(
                () -> disconnect(DisconnectReason.TCP_ERROR.because("handshake timeout after " + ms + " ms"), false),
                ms,
                TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof HandshakeCompleted h) {
      onHandshake(h.remoteNodeId());
    } else if (evt instanceof IdleStateEvent idle) {
      onIdle(idle);
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  private void onHandshake(byte[] remote) {
    if (state != State.HANDSHAKE) {
      return;
    }
    remoteNodeId = remote;
    state = State.AWAIT_HELLO;
    long pingMs = config.pingInterval().toMillis();
    ctx.pipeline().addBefore(ctx.name(), "idle", new IdleStateHandler(pingMs, 0, 0, TimeUnit.MILLISECONDS));
    int port = inbound || config.port() == 0 ? localPort() : config.port();
    P2pMessage.Hello hello =
        new P2pMessage.Hello(P2pMessage.Hello.P2P_VERSION, config.clientId(), config.capabilities(), port, key.nodeId());
    ctx.writeAndFlush(new RlpxMessage(P2pMessageId.HELLO.code(), P2pCodec.encode(hello)));
    if (Arrays.equals(remote, key.nodeId())) {
      disconnect(DisconnectReason.CONNECTED_TO_SELF.because("handshake with our own node id"), false);
    }
  }

  private int localPort() {
    return ctx.channel().localAddress() instanceof InetSocketAddress a ? a.getPort() : 0;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof RlpxMessage m)) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    if (state == State.ENDING) {
      return;
    }
    if (state == State.AWAIT_HELLO) {
      onFirstMessage(m);
      return;
    }
    // Unasked-for messages decompress to at most the unsolicited frame limit too: otherwise a tiny
    // frame claiming 16 MiB would cost a 16 MiB allocation each time.
    byte[] payload = snappy ? SnappyCodec.decompress(m.payload(), frameLimit()) : m.payload();
    if (m.code() < P2pMessageId.RESERVED_IDS) {
      onP2p(m.code(), payload);
    } else if (eth.owns(m.code())) {
      RlpxSession s = session;
      int code = m.code() - eth.offset();
      if (isAnswer(code)) {
        awaitingAnswers.updateAndGet(n -> Math.max(0, n - 1));
      }
      Object decoded = listener.decode(s, code, payload); // decode here, on the IO thread; hand off the result
      listenerExecutor.execute(() -> listener.onDecoded(s, code, payload, decoded));
    } else {
      malformed(DisconnectReason.BREACH_OF_PROTOCOL.because("message id 0x" + Integer.toHexString(m.code()) + " not negotiated"));
    }
  }

  private void onFirstMessage(RlpxMessage m) {
    if (m.code() == P2pMessageId.DISCONNECT.code()) {
      onP2p(m.code(), m.payload());
      return;
    }
    if (m.code() != P2pMessageId.HELLO.code()) {
      malformed(DisconnectReason.BREACH_OF_PROTOCOL.because("expected Hello, got message 0x" + Integer.toHexString(m.code())));
      return;
    }
    P2pMessage.Hello hello = (P2pMessage.Hello) P2pCodec.decode(m.code(), m.payload());
    if (!Arrays.equals(hello.nodeId(), remoteNodeId)) {
      disconnect(DisconnectReason.UNEXPECTED_IDENTITY.because("Hello node id differs from the handshake key"), false);
      return;
    }
    SharedCapabilities shared = SharedCapabilities.negotiate(config.capabilities(), hello.capabilities());
    if (shared.eth().isEmpty()) {
      disconnect(DisconnectReason.USELESS_PEER.because("no common eth version in " + hello.capabilities()), false);
      return;
    }
    if (inbound && !inboundSessions.tryAcquire()) {
      DisconnectCause full =
          DisconnectReason.TOO_MANY_PEERS.because(
              config.maxInboundSessions() + " inbound sessions");
      InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
      listenerExecutor.execute(() -> listener.onConnectionRefused(remote, full));
      disconnect(full, false);
      return;
    }
    holdsSessionSlot = inbound;
    eth = shared.eth().get();
    snappy = hello.p2pVersion() >= P2pMessage.Hello.P2P_VERSION;
    state = State.ACTIVE;
    handshakeTimer.cancel(false);
    leaveHandshakePhase();
    RlpxSession s =
        new RlpxSession(ctx.channel(), this, remoteNodeId, hello.clientId(), eth, snappy, inbound);
    session = s;
    listenerExecutor.execute(() -> listener.onConnected(s));
    established.complete(s);
  }

  /**
   * The peer's Hello is accepted: the session's frame limit ({@link #frameLimit}) replaces the
   * Hello-sized one, and the connection no longer counts (nor is limited) as one in its handshake.
   */
  private void leaveHandshakePhase() {
    FrameDecoder decoder = ctx.pipeline().get(FrameDecoder.class);
    if (decoder != null) {
      decoder.helloReceived(this::frameLimit);
    }
    if (ctx.pipeline().get(PendingByteLimit.class) != null) {
      ctx.pipeline().remove(PendingByteLimit.class);
    }
  }

  /**
   * The largest frame the peer may send now (read by the frame decoder at each header, on the event
   * loop): the configured maximum while we await an answer from it, else {@link
   * #MAX_UNSOLICITED_FRAME}.
   */
  private int frameLimit() {
    return awaitingAnswers.get() > 0 ? config.maxFrameSize() : MAX_UNSOLICITED_FRAME;
  }

  /** Requests we sent: the peer's answer to one may be a 16 MiB frame. */
  private static boolean isRequest(int ethCode) {
    return ethCode == EthMessageId.GET_BLOCK_HEADERS.code()
        || ethCode == EthMessageId.GET_BLOCK_BODIES.code()
        || ethCode == EthMessageId.GET_POOLED_TRANSACTIONS.code()
        || ethCode == EthMessageId.GET_RECEIPTS.code();
  }

  private static boolean isAnswer(int ethCode) {
    return ethCode == EthMessageId.BLOCK_HEADERS.code()
        || ethCode == EthMessageId.BLOCK_BODIES.code()
        || ethCode == EthMessageId.POOLED_TRANSACTIONS.code()
        || ethCode == EthMessageId.RECEIPTS.code();
  }

  private void onP2p(int code, byte[] payload) {
    P2pMessage p = P2pCodec.decode(code, payload);
    if (p instanceof P2pMessage.Ping) {
      writeP2p(new P2pMessage.Pong());
    } else if (p instanceof P2pMessage.Disconnect d) {
      cause = d.reason().because("sent by peer");
      byPeer = true;
      state = State.ENDING;
      ending = true;
      ctx.close();
    } else if (p instanceof P2pMessage.Hello) {
      malformed(DisconnectReason.BREACH_OF_PROTOCOL.because("second Hello"));
    }
    // Pong: any inbound frame already reset the idle timer.
  }

  private void onIdle(IdleStateEvent idle) {
    if (state != State.ACTIVE && state != State.AWAIT_HELLO) {
      return;
    }
    if (idle.isFirst()) {
      writeP2p(new P2pMessage.Ping());
    } else {
      long ms = 2 * config.pingInterval().toMillis();
      disconnect(DisconnectReason.PING_TIMEOUT.because("nothing received for " + ms + " ms"), false);
    }
  }

  private ChannelFuture writeP2p(P2pMessage m) {
    byte[] payload = P2pCodec.encode(m);
    return ctx.writeAndFlush(
        new RlpxMessage(m.id().code(), snappy ? SnappyCodec.compress(payload) : payload));
  }

  /** Any thread: compresses here, writes on the event loop. */
  void sendMessage(int code, byte[] payload) {
    if (payload.length > SnappyCodec.MAX_UNCOMPRESSED) {
      throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds 16 MiB");
    }
    byte[] data = snappy ? SnappyCodec.compress(payload) : payload;
    if (FrameEncoder.idLength(code) + data.length > config.maxFrameSize()) {
      throw new IllegalArgumentException("message of " + data.length + " bytes exceeds the frame limit");
    }
    if (ending) {
      return;
    }
    if (eth != null && isRequest(code - eth.offset())) {
      awaitingAnswers.incrementAndGet(); // before the write: the answer cannot overtake it
    }
    ctx.channel().writeAndFlush(new RlpxMessage(code, data));
  }

  /**
   * Ends the connection: after the handshake a Disconnect goes out first and the socket closes after
   * the linger delay; before it, the socket closes at once. The first cause wins.
   */
  void disconnect(DisconnectCause why, boolean fromPeer) {
    end(why, fromPeer, true);
  }

  /**
   * @param linger wait {@link RlpxConfig#disconnectLinger()} after the Disconnect before closing;
   *     without it the socket closes as soon as the Disconnect is flushed
   */
  private void end(DisconnectCause why, boolean fromPeer, boolean linger) {
    if (state == State.ENDING) {
      return;
    }
    boolean framed = state != State.HANDSHAKE;
    state = State.ENDING;
    ending = true;
    cause = why;
    byPeer = fromPeer;
    ctx.channel().config().setAutoRead(false);
    if (framed && ctx.channel().isActive()) {
      ChannelFuture sent = writeP2p(new P2pMessage.Disconnect(why.wire()));
      if (linger) {
        ctx.executor().schedule(() -> { ctx.close(); }, config.disconnectLinger().toMillis(), TimeUnit.MILLISECONDS);
      } else {
        sent.addListener(ChannelFutureListener.CLOSE);
      }
    } else {
      ctx.close();
    }
  }

  /**
   * Ends a connection still in its handshake at once, without a Disconnect message or linger: the
   * cap on such connections needed its slot for one of our dials.
   */
  void evict(DisconnectCause why) {
    if (state == State.ENDING || state == State.ACTIVE) { // ACTIVE: its Hello won the race
      return;
    }
    state = State.ENDING;
    ending = true;
    cause = why;
    byPeer = false;
    ctx.close();
  }

  /**
   * The peer sent bytes we cannot accept (a broken handshake, MAC, frame, snappy or message, or a
   * message not allowed at this point): reported once per connection to the listener, then the
   * connection ends with {@code why}. A session lingers as usual; a connection still in its
   * handshake closes as soon as the Disconnect is out: while we stop reading, a lingering socket
   * lets the peer park a full kernel receive buffer (measured ~4 MB on loopback) for the linger.
   */
  private void malformed(DisconnectCause why) {
    if (state == State.ENDING) {
      return;
    }
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    listenerExecutor.execute(() -> listener.onMalformed(remote, why));
    end(why, false, state == State.ACTIVE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
    Throwable e = t instanceof DecoderException && t.getCause() != null ? t.getCause() : t;
    if (e instanceof FrameException f) {
      malformed(DisconnectReason.BREACH_OF_PROTOCOL.because(f.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + f.getMessage()));
    } else if (e instanceof HandshakeException h) {
      malformed(DisconnectReason.BREACH_OF_PROTOCOL.because("handshake: " + h.getMessage()));
    } else if (e instanceof MessageDecodeException d) {
      malformed(d.disconnectCause());
    } else if (e instanceof IOException) {
      disconnect(DisconnectReason.TCP_ERROR.because(String.valueOf(e.getMessage())), true);
    } else {
      // a decoder failing in an unforeseen way on the peer's bytes: still the peer's bytes
      malformed(DisconnectReason.BREACH_OF_PROTOCOL.because("unexpected " + e));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    if (holdsSessionSlot) {
      holdsSessionSlot = false;
      inboundSessions.release();
    }
    if (cause == null) {
      cause = DisconnectReason.TCP_ERROR.because("connection closed by peer");
      byPeer = true;
    }
    state = State.ENDING;
    ending = true;
    DisconnectCause c = cause;
    boolean peer = byPeer;
    RlpxSession s = session;
    if (s != null) {
      listenerExecutor.execute(() -> listener.onDisconnected(s, c, peer));
    } else {
      InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
      listenerExecutor.execute(() -> listener.onHandshakeFailed(remote, c));
      established.completeExceptionally(new SessionFailedException(c));
    }
  }
}
