package io.ethfollow.app.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The systemd side of the notify protocol for tests: a real unix datagram socket bound to a path
 * (or an abstract name, with a leading NUL), collecting every datagram's text in arrival order.
 */
public final class NotifyReceiver implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel channel;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

  private NotifyReceiver(String address) {
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    channel =
        new Bootstrap()
            .group(group)
            .channel(EpollDomainDatagramChannel.class)
            .handler(
                new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                    received.add(p.content().toString(StandardCharsets.UTF_8));
                  }
                })
            .bind(new DomainSocketAddress(address))
            .syncUninterruptibly()
            .channel();
  }

  /** Listens on {@code address}: a path, or "\0name" for the abstract namespace. */
  public static NotifyReceiver bind(String address) {
    return new NotifyReceiver(address);
  }

  /** The next datagram within {@code timeout}, or null. */
  public String next(Duration timeout) throws InterruptedException {
    return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next datagram that is not a watchdog ping, within {@code timeout}, or null. */
  public String nextNonPing(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String m = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
      if (m == null || !m.equals("WATCHDOG=1")) {
        return m;
      }
    }
  }

  /** Takes everything received so far. */
  public List<String> drain() {
    List<String> out = new ArrayList<>();
    received.drainTo(out);
    return out;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
