package io.ethfollow.app.systemd;

import io.ethfollow.status.StatusDocument;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns the status snapshots into systemd {@code STATUS=} lines ("follow, head 21000123 of
 * 21000124, 12 peers", shown by {@code systemctl status}): sent only when the text changed, and
 * then at most every {@link #MIN_GAP} unless the mode changed, and only after {@link #ready} (so
 * systemd hears READY=1 first). Owns only the last line sent; {@link #observe} runs on the daemon's
 * scheduler thread after each status refresh, {@link #ready} on the main thread.
 */
public final class SystemdStatus {
  /**
   * The status refresh runs every second and the head moves every second in a catch-up; systemd
   * needs no such rate for a line an operator reads now and then, so a new head waits up to 10 s.
   */
  public static final Duration MIN_GAP = Duration.ofSeconds(10);

  private final SystemdNotifier notifier;
  private final Clock clock;
  private String lastText;
  private String lastMode;
  private long lastSentMillis;
  private volatile boolean ready;

  public SystemdStatus(SystemdNotifier notifier, Clock clock) {
    this.notifier = notifier;
    this.clock = clock;
  }

  /** Sends READY=1 (the store is open and the servers listen); status lines follow from now on. */
  public void ready() {
    notifier.ready();
    ready = true;
  }

  /** Sends the line for {@code doc} if it is due. */
  public void observe(StatusDocument doc) {
    if (!ready) {
      return;
    }
    String text = text(doc);
    if (text.equals(lastText)) {
      return;
    }
    long now = clock.millis();
    if (Objects.equals(doc.mode(), lastMode) && now - lastSentMillis < MIN_GAP.toMillis()) {
      return;
    }
    notifier.status(text);
    lastText = text;
    lastMode = doc.mode();
    lastSentMillis = now;
  }

  /** Mode, local head (and the network's, when known), connected peers. */
  static String text(StatusDocument doc) {
    StringBuilder s = new StringBuilder(doc.mode()).append(", head ");
    s.append(doc.localHead() == null ? "none" : Long.toString(doc.localHead().number()));
    if (doc.networkHead() != null) {
      s.append(" of ").append(doc.networkHead().number());
    }
    int peers = doc.peers() == null ? 0 : doc.peers().connected();
    return s.append(", ").append(peers).append(peers == 1 ? " peer" : " peers").toString();
  }
}
