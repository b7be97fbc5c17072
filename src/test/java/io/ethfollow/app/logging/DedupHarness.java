package io.ethfollow.app.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ethfollow.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.event.KeyValuePair;

/**
 * A private LoggerContext with the dedup filter on a manual clock and a ListAppender on the root,
 * for tests. The flush timer is set to an hour so only the test decides when flushes happen.
 */
final class DedupHarness {
  static final long T0 = 1_700_000_000_000L;

  final ManualClock clock = new ManualClock(T0);
  final LoggerContext context = new LoggerContext();
  final ListAppender<ILoggingEvent> out = new ListAppender<>();
  final DedupTurboFilter filter = new DedupTurboFilter(clock);

  DedupHarness() {
    this(f -> {});
  }

  DedupHarness(java.util.function.Consumer<DedupTurboFilter> configure) {
    filter.setContext(context);
    filter.setFlushPeriodMillis(Duration.ofHours(1).toMillis());
    filter.setFlushAtExit(false);
    configure.accept(filter);
    filter.start();
    context.addTurboFilter(filter);
    out.setContext(context);
    out.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(out);
  }

  Logger logger(String name) {
    return context.getLogger(name);
  }

  void advance(long millis) {
    clock.advance(Duration.ofMillis(millis));
  }

  List<ILoggingEvent> lines() {
    synchronized (out) {
      return new ArrayList<>(out.list);
    }
  }

  /** Each line as "msg" or "msg repeated=N" (plus "rateCapped" when set), for compact asserts. */
  List<String> brief() {
    return lines().stream().map(DedupHarness::brief).collect(Collectors.toList());
  }

  static String brief(ILoggingEvent e) {
    StringBuilder b = new StringBuilder(e.getFormattedMessage());
    Object r = kv(e, SummaryEvents.REPEATED);
    if (r != null) {
      b.append(" repeated=").append(r);
    }
    if (kv(e, SummaryEvents.RATE_CAPPED) != null) {
      b.append(" rateCapped");
    }
    return b.toString();
  }

  static Object kv(ILoggingEvent e, String key) {
    if (e.getKeyValuePairs() == null) {
      return null;
    }
    for (KeyValuePair kv : e.getKeyValuePairs()) {
      if (kv.key.equals(key)) {
        return kv.value;
      }
    }
    return null;
  }

  /** Every event a line stands for: 1 for a written line, {@code repeated} for a summary. */
  static long represented(List<ILoggingEvent> lines) {
    long n = 0;
    for (ILoggingEvent e : lines) {
      Object r = kv(e, SummaryEvents.REPEATED);
      n += r == null ? 1 : ((Number) r).longValue();
    }
    return n;
  }
}
