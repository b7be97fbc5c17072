package io.ethfollow.rlpx;

import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.DisconnectReason;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The RLPx endpoint of this node: listens for peers on a TCP port and dials {@link Enode}s, giving
 * each connection the pipeline {@code pending → handshake → (frameDecoder, frameEncoder) → idle →
 * session} ({@code pending} only until the peer's Hello is accepted). Owns the Netty event-loop
 * group (epoll when available, else NIO), every open channel, the cap on connections in their
 * handshake ({@link PendingConnections}) and the inbound session slots; {@link #close} ends them
 * all. Methods are thread-safe; listener calls run on the given executor.
 */
public final class RlpxTransport implements AutoCloseable {
  private final RlpxConfig config;
  private final NodeKey key;
  private final SessionListener listener;
  private final Executor listenerExecutor;
  private final EventLoopGroup group;
  private final boolean epoll;
  private final ChannelGroup channels;
  private final PendingConnections pending;
  private final Semaphore inboundSessions;
  private final Channel server;

  private RlpxTransport(
      RlpxConfig config, NodeKey key, SessionListener listener, Executor listenerExecutor) {
    this.config = config;
    this.key = key;
    this.listener = listener;
    this.listenerExecutor = listenerExecutor;
    this.epoll = Epoll.isAvailable();
    this.group =
        new MultiThreadIoEventLoopGroup(
            config.ioThreads(), epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    this.pending = new PendingConnections(config.maxPendingConnections());
    this.inboundSessions = new Semaphore(config.maxInboundSessions());
    Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    try {
      server =
          new ServerBootstrap()
              .group(group)
              .channel(type)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      channels.add(ch);
                      if (!admit(ch, true, ch.remoteAddress())) {
                        ch.close();
                        return;
                      }
                      ch.pipeline()
                          .addLast("pending", new PendingByteLimit(pending))
                          .addLast("handshake", HandshakeHandler.responder(key, config.maxFrameSize()))
                          .addLast("session", newSession(new CompletableFuture<>(), true));
                    }
                  })
              .bind(new InetSocketAddress(config.host(), config.port()))
              .syncUninterruptibly()
              .channel();
    } catch (Exception e) { // Netty rethrows the checked BindException unchecked
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      BindException bind = new BindException(
          "cannot listen for RLPx on " + config.host() + ":" + config.port() + ": " + e.getMessage());
      bind.initCause(e);
      throw new UncheckedIOException(bind);
    }
    channels.add(server);
  }

  /**
   * Starts listening.
   *
   * @param listenerExecutor runs every {@link SessionListener} call; use a serial executor to keep
   *     each session's events in order
   * @throws UncheckedIOException with a {@link BindException} when the address cannot be bound
   */
  public static RlpxTransport start(
      RlpxConfig config, NodeKey key, SessionListener listener, Executor listenerExecutor) {
    return new RlpxTransport(config, key, listener, listenerExecutor);
  }

  private SessionHandler newSession(CompletableFuture<RlpxSession> established, boolean inbound) {
    return new SessionHandler(
        key, config, listener, listenerExecutor, established, inbound, inboundSessions);
  }

  /** The bound address (useful with port 0). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Whether the epoll transport is in use (else NIO). */
  public boolean usesEpoll() {
    return epoll;
  }

  /**
   * Dials a peer. The future completes once Hello is exchanged and eth negotiated, or fails with
   * {@link SessionFailedException} (connect failure or timeout, handshake failure, bad Hello).
   */
  public CompletableFuture<RlpxSession> dial(Enode enode) {
    CompletableFuture<RlpxSession> established = new CompletableFuture<>();
    byte[] remote = enode.nodeId();
    ChannelFuture connect =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    InetSocketAddress to = new InetSocketAddress(enode.address(), enode.tcpPort());
                    if (!admit(ch, false, to)) {
                      established.completeExceptionally(new SessionFailedException(refusal(false)));
                      ch.close();
                      return;
                    }
                    ch.pipeline()
                        .addLast("pending", new PendingByteLimit(pending))
                        .addLast("handshake", HandshakeHandler.initiator(key, remote, config.maxFrameSize()))
                        .addLast("session", newSession(established, false));
                  }
                })
            .connect(new InetSocketAddress(enode.address(), enode.tcpPort()));
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            established.completeExceptionally(
                new SessionFailedException(
                    DisconnectReason.TCP_ERROR.because("connect to " + enode.address() + ":" + enode.tcpPort() + " failed: " + f.cause().getMessage())));
          }
        });
    return established;
  }

  /**
   * Takes a handshake slot for a new connection, or reports the refusal to the listener. A dial at
   * the cap evicts the oldest inbound connection still in its handshake (closed on its own loop).
   */
  private boolean admit(Channel ch, boolean inbound, InetSocketAddress remote) {
    PendingConnections.Admission a = pending.admit(ch, inbound);
    if (!a.admitted()) {
      DisconnectCause why = refusal(inbound);
      listenerExecutor.execute(() -> listener.onConnectionRefused(remote, why));
      return false;
    }
    ch.closeFuture().addListener(f -> pending.release(ch));
    a.evicted().ifPresent(this::evict);
    return true;
  }

  private void evict(Channel victim) {
    DisconnectCause why =
        DisconnectReason.TOO_MANY_PEERS.because(
            "evicted: " + pending.cap() + " connections in handshake and we are dialling");
    InetSocketAddress remote = (InetSocketAddress) victim.remoteAddress();
    listenerExecutor.execute(() -> listener.onConnectionRefused(remote, why));
    victim
        .eventLoop()
        .execute(
            () -> {
              SessionHandler h = victim.pipeline().get(SessionHandler.class);
              if (h != null) {
                h.evict(why);
              } else {
                victim.close();
              }
            });
  }

  private DisconnectCause refusal(boolean inbound) {
    return DisconnectReason.TOO_MANY_PEERS.because(
        pending.cap() + " connections in handshake" + (inbound ? "" : ", all of them our dials"));
  }

  /** Inbound sessions past Hello, now (at most {@link RlpxConfig#maxInboundSessions()}). */
  public int inboundSessions() {
    return config.maxInboundSessions() - inboundSessions.availablePermits();
  }

  /** Connections between TCP connect and an accepted Hello, now (at most the configured cap). */
  public int pendingConnections() {
    return pending.count();
  }

  /**
   * Bytes received from connections in their handshake and not yet past it: an upper bound on the
   * input buffered for unauthenticated peers, at most cap × {@link
   * PendingConnections#MAX_BYTES_PER_CONNECTION}.
   */
  public long pendingBytes() {
    return pending.bytes();
  }

  /** Closes the listener and every connection (without Disconnect messages), then the threads. */
  @Override
  public void close() {
    channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
