package io.ethfollow.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP status endpoint (default 127.0.0.1:8547): {@code GET /status}, {@code GET /health},
 * {@code GET /peers} (JSON) and {@code GET /metrics} (Prometheus text format 0.0.4),
 * JSON errors for unknown paths (404) and other methods (405). Owns one Netty event-loop thread; the
 * handlers only read published snapshots. Start with {@link #start}, stop with {@link #close}.
 */
public final class StatusServer implements AutoCloseable {
  /** Requests are a path and a few headers; anything larger is not a status client. */
  private static final int MAX_REQUEST_BYTES = 8 * 1024;

  /** A client that sends nothing for this long is dropped so idle sockets cannot pile up. */
  private static final int IDLE_TIMEOUT_SECONDS = 30;

  private final EventLoopGroup group;
  private final Channel channel;

  private StatusServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /**
   * Binds and starts serving.
   *
   * @throws UncheckedIOException with a {@link BindException} when the address cannot be bound (in
   *     use, not local)
   */
  public static StatusServer start(InetSocketAddress address, StatusSource source) {
    return start(address, source, PeersSource.NONE);
  }

  /**
   * Binds and starts serving, with {@code /peers} read from {@code peers}.
   *
   * @throws UncheckedIOException with a {@link BindException} when the address cannot be bound (in
   *     use, not local)
   */
  public static StatusServer start(InetSocketAddress address, StatusSource source, PeersSource peers) {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    StatusHttpHandler handler = new StatusHttpHandler(source, peers, new ObjectMapper());
    try {
      Channel ch =
          new ServerBootstrap()
              .group(group)
              .channel(channelType)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline()
                          .addLast(new ReadTimeoutHandler(IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                          .addLast(new HttpServerCodec(4096, MAX_REQUEST_BYTES, 8192))
                          .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                          .addLast(handler);
                    }
                  })
              .bind(address)
              .syncUninterruptibly()
              .channel();
      return new StatusServer(group, ch);
    } catch (Exception e) { // Netty rethrows the checked BindException unchecked
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      BindException bind = new BindException(
          "cannot bind the status endpoint to " + address + ": " + e.getMessage());
      bind.initCause(e);
      throw new UncheckedIOException(bind);
    }
  }

  /** The bound address (useful with port 0 in tests). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
