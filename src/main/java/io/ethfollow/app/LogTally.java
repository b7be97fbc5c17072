package io.ethfollow.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Counts what the logger really writes while attached to the root logger: every event that reaches
 * an appender (after levels and the dedup turbo filter) is one line; dedup summaries carry {@code
 * repeated}, the number of events they stand for, which is summed as suppressed. Logback calls
 * {@link #append} under its own lock, from whichever thread logs (the simulator's: the caller's).
 */
final class LogTally extends AppenderBase<ILoggingEvent> {
  /** The key dedup summaries carry (docs/logging.md). */
  static final String REPEATED = "repeated";

  private long lines;
  private long suppressed;

  /** Starts counting on the root logger. */
  static LogTally attach() {
    LogTally tally = new LogTally();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    tally.setContext(root.getLoggerContext());
    tally.setName("ethfollow-simulate-tally");
    tally.start();
    root.addAppender(tally);
    return tally;
  }

  /** Stops counting. */
  void detach() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(this);
    stop();
  }

  @Override
  protected void append(ILoggingEvent e) {
    lines++;
    if (e.getKeyValuePairs() != null) {
      for (KeyValuePair kv : e.getKeyValuePairs()) {
        if (REPEATED.equals(kv.key) && kv.value instanceof Number n) {
          suppressed += n.longValue();
        }
      }
    }
  }

  long lines() {
    return lines;
  }

  long suppressed() {
    return suppressed;
  }
}
