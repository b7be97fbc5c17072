package io.ethfollow.discovery;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns per-packet events into at most one log line per {@link #INTERVAL}: a WARN when no node
 * answered during the interval (with the number of bootstrap attempts), one INFO when answers
 * resume, and a DEBUG summary of dropped datagrams. Nothing is logged per packet or per attempt, so
 * an offline daemon writes about 12 lines an hour. Owned by the discovery scheduler thread.
 */
final class SilenceReporter {
  /**
   * Report window: long enough that an offline node logs 12 WARN lines an hour, short enough that
   * an operator tailing the log learns within 5 minutes that discovery is cut off.
   */
  static final Duration INTERVAL = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(SilenceReporter.class);

  private long answers;
  private long attempts;
  private long totalAttempts;
  private boolean silent;
  private int linesLogged;
  private final Map<Rejection, Long> drops = new EnumMap<>(Rejection.class);

  void answerReceived() {
    answers++;
  }

  void attemptMade() {
    attempts++;
    totalAttempts++;
  }

  void dropped(Rejection reason) {
    drops.merge(reason, 1L, Long::sum);
  }

  /** Called once per interval on the scheduler thread. */
  void report(int tableSize) {
    if (answers == 0) {
      silent = true;
      LOG.atWarn()
          .addKeyValue("event", "discovery_silent")
          .addKeyValue("attempts", attempts)
          .addKeyValue("tableSize", tableSize)
          .log("no discovery responses in the last {} min, {} bootstrap attempts", INTERVAL.toMinutes(), attempts);
      linesLogged++;
    } else if (silent) {
      silent = false;
      LOG.atInfo()
          .addKeyValue("event", "discovery_resumed")
          .addKeyValue("tableSize", tableSize)
          .log("discovery responses resumed, {} nodes in the table", tableSize);
      linesLogged++;
    }
    if (!drops.isEmpty() && LOG.isDebugEnabled()) {
      LOG.atDebug().addKeyValue("event", "discovery_drops").log("dropped datagrams in the last interval: {}", drops);
    }
    drops.clear();
    answers = 0;
    attempts = 0;
  }

  /** WARN and INFO lines written so far (tests bound it). */
  int linesLogged() {
    return linesLogged;
  }

  long totalAttempts() {
    return totalAttempts;
  }
}
