package io.ethfollow.app.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What systemd tells a {@code Type=notify} service through its environment: where to send
 * notifications ({@code NOTIFY_SOCKET}) and how often it expects a watchdog ping
 * ({@code WATCHDOG_USEC}, meant for us only when {@code WATCHDOG_PID} is unset or our pid). A
 * value, read once on the main thread at start; tests build it from a map, not the real
 * environment.
 *
 * @param socket the notify socket: a path, or {@code @name} for the abstract namespace; empty when
 *     systemd is not listening (not run by systemd, or not {@code Type=notify})
 * @param watchdog systemd's watchdog timeout; empty when no watchdog applies to this process
 * @param problem why a set variable was not used (a bad number, another process's watchdog), or
 *     empty; the notifier logs it once
 */
public record NotifyEnvironment(
    Optional<String> socket, Optional<Duration> watchdog, Optional<String> problem) {

  /** No systemd: nothing is sent. */
  public static final NotifyEnvironment NONE =
      new NotifyEnvironment(Optional.empty(), Optional.empty(), Optional.empty());

  /** Reads the three variables from {@code env} (normally {@code System.getenv()}). */
  public static NotifyEnvironment from(Map<String, String> env, long ownPid) {
    String socket = env.get("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) {
      return NONE;
    }
    String usec = env.get("WATCHDOG_USEC");
    if (usec == null || usec.isEmpty()) {
      return new NotifyEnvironment(Optional.of(socket), Optional.empty(), Optional.empty());
    }
    long micros;
    try {
      micros = Long.parseLong(usec.trim());
    } catch (NumberFormatException e) {
      micros = 0;
    }
    if (micros <= 0) {
      return new NotifyEnvironment(
          Optional.of(socket), Optional.empty(),
          Optional.of("WATCHDOG_USEC is not a positive number of microseconds: '" + usec + "'"));
    }
    String pid = env.get("WATCHDOG_PID");
    if (pid != null && !pid.isEmpty() && !pid.trim().equals(Long.toString(ownPid))) {
      return new NotifyEnvironment(
          Optional.of(socket), Optional.empty(),
          Optional.of("WATCHDOG_PID " + pid + " is another process (we are " + ownPid + ")"));
    }
    return new NotifyEnvironment(
        Optional.of(socket), Optional.of(Duration.ofNanos(Math.multiplyExact(micros, 1_000L))),
        Optional.empty());
  }
}
