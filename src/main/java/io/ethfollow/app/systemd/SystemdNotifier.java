package io.ethfollow.app.systemd;

import io.netty.channel.epoll.Epoll;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's side of systemd's notify protocol ({@code sd_notify}): one datagram per message to
 * {@code $NOTIFY_SOCKET}. Either a {@link NotifySocketSender} (systemd listens, epoll is there) or
 * {@link Silent} (no systemd, or no way to reach it), so callers never check which. Every method is
 * safe from any thread and never blocks: a datagram is handed to the sender's own Netty thread.
 */
public sealed interface SystemdNotifier extends AutoCloseable
    permits SystemdNotifier.Silent, NotifySocketSender {

  /** Sends one notification ({@code KEY=value} lines); a failure is logged, never thrown. */
  void send(String message);

  /** systemd's watchdog timeout when it expects pings from us, else empty. */
  Optional<Duration> watchdogTimeout();

  @Override
  void close();

  /** The store is open and the servers listen: systemd reports the unit started. */
  default void ready() {
    send("READY=1");
  }

  /** One line for {@code systemctl status} ("Status: ..."). */
  default void status(String text) {
    send("STATUS=" + text);
  }

  /** The stop has begun: systemd shows "deactivating" and stops expecting watchdog pings. */
  default void stopping() {
    send("STOPPING=1");
  }

  /** The sync owner thread is alive. */
  default void watchdog() {
    send("WATCHDOG=1");
  }

  /**
   * A notifier for {@code env}: silent without {@code NOTIFY_SOCKET} (nothing logged), and silent
   * with one WARN when the socket cannot be reached from Java (no epoll transport, or a socket
   * address form Netty cannot send to).
   */
  static SystemdNotifier open(NotifyEnvironment env) {
    Logger log = LoggerFactory.getLogger(SystemdNotifier.class);
    if (env.socket().isEmpty()) {
      return new Silent();
    }
    String socket = env.socket().get();
    if (!socket.startsWith("/") && !socket.startsWith("@")) {
      log.atWarn()
          .setMessage("NOTIFY_SOCKET is neither a path nor an abstract socket; not notifying")
          .addKeyValue("event", "systemd_notify_unsupported")
          .addKeyValue("socket", socket)
          .log();
      return new Silent();
    }
    if (!Epoll.isAvailable()) {
      log.atWarn()
          .setMessage("no epoll transport, so no unix datagram socket; systemd is not notified")
          .addKeyValue("event", "systemd_notify_unsupported")
          .addKeyValue("socket", socket)
          .addKeyValue("error", String.valueOf(Epoll.unavailabilityCause()))
          .log();
      return new Silent();
    }
    env.problem()
        .ifPresent(
            p ->
                log.atWarn()
                    .setMessage("systemd watchdog variables ignored: " + p)
                    .addKeyValue("event", "systemd_watchdog_ignored")
                    .log());
    try {
      return NotifySocketSender.open(socket, env.watchdog());
    } catch (RuntimeException e) {
      log.atWarn()
          .setMessage("cannot open a unix datagram socket; systemd is not notified")
          .addKeyValue("event", "systemd_notify_unsupported")
          .addKeyValue("socket", socket)
          .addKeyValue("error", String.valueOf(e))
          .log();
      return new Silent();
    }
  }

  /** Sends nothing: not run by systemd as {@code Type=notify}, or systemd cannot be reached. */
  record Silent() implements SystemdNotifier {
    @Override
    public void send(String message) {}

    @Override
    public Optional<Duration> watchdogTimeout() {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }
}
