package io.ethfollow.app.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to systemd over an unbound unix datagram socket (Netty's epoll domain
 * datagram channel: Java 17 itself has no unix datagram sockets). Owns that channel and its one
 * Netty thread ({@code ethfollow-notify}), which does the {@code sendto}; {@link #send} only hands
 * the datagram over, so a caller such as the sync owner thread never waits on the socket. An
 * {@code @name} socket is the abstract namespace (a leading NUL byte, which Netty passes through).
 */
public final class NotifySocketSender implements SystemdNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(NotifySocketSender.class);

  /** The close waits this long for the Netty thread: a datagram send never takes longer. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  private final EventLoopGroup group;
  private final Channel channel;
  private final DomainSocketAddress target;
  private final String socket;
  private final Optional<Duration> watchdog;
  private final AtomicBoolean failureLogged = new AtomicBoolean();
  private volatile boolean closed;

  private NotifySocketSender(
      EventLoopGroup group, Channel channel, String socket, Optional<Duration> watchdog) {
    this.group = group;
    this.channel = channel;
    this.socket = socket;
    this.target =
        new DomainSocketAddress(socket.startsWith("@") ? "\0" + socket.substring(1) : socket);
    this.watchdog = watchdog;
  }

  /**
   * Opens the sending channel for {@code socket} (a path or {@code @name}). Needs epoll.
   *
   * @throws RuntimeException when the socket cannot be created (out of file descriptors)
   */
  static NotifySocketSender open(String socket, Optional<Duration> watchdog) {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("ethfollow-notify", true), EpollIoHandler.newFactory());
    try {
      ChannelFuture registered =
          new Bootstrap()
              .group(group)
              .channel(EpollDomainDatagramChannel.class)
              // Never bound (systemd needs no reply address): usable for sendto once registered.
              .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
              .handler(new ChannelHandlerAdapter() {})
              .register()
              .syncUninterruptibly();
      return new NotifySocketSender(group, registered.channel(), socket, watchdog);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  @Override
  public void send(String message) {
    if (closed) {
      return;
    }
    // Not writable means systemd has not read what we sent: drop rather than queue without bound.
    if (!channel.isWritable()) {
      failed(message, "socket buffer full");
      return;
    }
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    channel
        .writeAndFlush(new DomainDatagramPacket(Unpooled.wrappedBuffer(bytes), target))
        .addListener(
            f -> {
              if (!f.isSuccess() && !closed) {
                failed(message, String.valueOf(f.cause()));
              }
            });
  }

  /** The first failure is a WARN (the watchdog may then kill us: this says why); later, DEBUG. */
  private void failed(String message, String error) {
    String key = message.contains("=") ? message.substring(0, message.indexOf('=')) : message;
    var line = failureLogged.compareAndSet(false, true) ? LOG.atWarn() : LOG.atDebug();
    line.setMessage("could not notify systemd")
        .addKeyValue("event", "systemd_notify_failed")
        .addKeyValue("socket", socket)
        .addKeyValue("message", key)
        .addKeyValue("error", error)
        .log();
  }

  @Override
  public Optional<Duration> watchdogTimeout() {
    return watchdog;
  }

  @Override
  public void close() {
    closed = true;
    channel.close().awaitUninterruptibly(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    group.shutdownGracefully(0, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
