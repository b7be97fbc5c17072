package io.ethfollow.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An HTTP/1.1 server on one Netty event-loop thread that a client cannot make hold unbounded memory
 * or connections ({@link HttpLimits}): each connection's pipeline is
 *
 * <pre>
 *   deadlines (bytes) | codec (line, header, chunk caps) | {@link CappedAggregator} (body cap)
 *   | deadlines (requests, answers) | FlowControlHandler | {@link ReadGate}
 *   | {@link BadRequestReply} (413, 414, 431, 400) | the application's handler
 * </pre>
 *
 * and the listening channel's {@link ConnectionCap} closes connections beyond the cap as they are
 * accepted. Reads stop while a connection is not writable (water marks) or has {@code maxPipelined}
 * requests unanswered, so a client that sends and never reads costs at most the high water mark
 * plus that many answers. Buffers come from an unpooled allocator of its own: memory is returned as
 * soon as a connection lets go of it (a pool would keep a flood's peak), and {@link
 * #usedDirectMemory} counts exactly this server's buffers. The application's handler runs on the
 * event loop and must not block; it answers every request it gets (in order) and decides
 * keep-alive. Start with {@link #start}, stop with {@link #close}.
 */
public final class HttpServer implements AutoCloseable {
  /**
   * Requests decoded but not yet answered that Netty's codec accepts (its default): the bytes of
   * one read can hold hundreds of tiny pipelined requests, decoded while the read gate holds them;
   * a client that sends more than this before taking an answer is closed, not queued.
   */
  static final int MAX_DECODED_AHEAD = 128;

  /** Netty's initial guess for a read buffer; it adapts between 64 bytes and maxReadBytes. */
  private static final int INITIAL_READ_BYTES = 1024;

  /** Smallest read buffer the adaptive guess may shrink to. */
  private static final int MIN_READ_BYTES = 64;

  /** A closing server gives connections still open this long to be closed by the event loop. */
  private static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;

  private final EventLoopGroup group;
  private final Channel channel;
  private final UnpooledByteBufAllocator allocator;
  private final ConnectionCap cap;

  private HttpServer(
      EventLoopGroup group, Channel channel, UnpooledByteBufAllocator allocator,
      ConnectionCap cap) {
    this.group = group;
    this.channel = channel;
    this.allocator = allocator;
    this.cap = cap;
  }

  /**
   * Binds {@code address} and serves each connection with a handler from {@code app} (it may hand
   * out one {@code @Sharable} instance). {@code what} names the server in its thread name and in
   * the bind error.
   *
   * @throws UncheckedIOException with a {@link BindException} when the address cannot be bound (in
   *     use, not local): the caller's setting to fix
   */
  public static HttpServer start(
      String what, InetSocketAddress address, HttpLimits limits, Supplier<ChannelHandler> app) {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1,
            new DefaultThreadFactory("ethfollow-http-" + what.replace(' ', '-'), true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);
    ConnectionCap cap = new ConnectionCap(limits.maxConnections());
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(limits.maxInitialLineBytes())
            .setMaxHeaderSize(limits.maxHeaderBytes())
            .setMaxChunkSize(limits.maxContentBytes());
    try {
      Channel ch =
          new ServerBootstrap()
              .group(group)
              .channel(channelType)
              .option(ChannelOption.ALLOCATOR, allocator)
              .handler(cap)
              .childOption(ChannelOption.ALLOCATOR, allocator)
              .childOption(
                  ChannelOption.RCVBUF_ALLOCATOR,
                  new AdaptiveRecvByteBufAllocator(
                      MIN_READ_BYTES,
                      Math.min(INITIAL_READ_BYTES, limits.maxReadBytes()),
                      limits.maxReadBytes()))
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(
                      limits.writeLowWaterBytes(), limits.writeHighWaterBytes()))
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      RequestDeadlines deadlines =
                          new RequestDeadlines(
                              limits.requestDeadline(), limits.idleTimeout(),
                              limits.writeTimeout());
                      c.pipeline()
                          .addLast("deadline-bytes", deadlines.bytes())
                          .addLast("codec", new HttpServerCodec(decoder, MAX_DECODED_AHEAD))
                          .addLast("aggregator", new CappedAggregator(limits.maxContentBytes()))
                          .addLast("deadline-requests", deadlines.requests())
                          .addLast("flow-control", new FlowControlHandler())
                          .addLast("read-gate", ReadGate.forHttp(limits.maxPipelined()))
                          .addLast("bad-request", new BadRequestReply())
                          .addLast("app", app.get());
                    }
                  })
              .bind(address)
              .syncUninterruptibly()
              .channel();
      return new HttpServer(group, ch, allocator, cap);
    } catch (Exception e) { // Netty rethrows the checked BindException unchecked
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      BindException bind =
          new BindException("cannot bind the " + what + " to " + address + ": " + e.getMessage());
      bind.initCause(e);
      throw new UncheckedIOException(bind);
    }
  }

  /** The bound address (useful with port 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Connections open now. */
  public int openConnections() {
    return cap.open();
  }

  /** Connections closed on accept because the cap was reached, since the start. */
  public long rejectedConnections() {
    return cap.rejected();
  }

  /** Answer bytes written by the application but not yet to a socket, over all connections. */
  public long pendingOutboundBytes() {
    return cap.pendingOutboundBytes();
  }

  /** Direct memory this server's buffers hold now (read buffers, requests, unwritten answers). */
  public long usedDirectMemory() {
    return allocator.metric().usedDirectMemory();
  }

  /** Stops listening, closes every connection and ends the event loop (within about 2 s). */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group
        .shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .syncUninterruptibly();
  }
}
