package io.ethfollow.app.logging;

import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * Turns a {@link Summary} into the Logback event that is written for it: the original level,
 * logger, message (template and arguments, so {@code msg} reads exactly like the written line) and
 * key-values, plus {@code repeated} = the number suppressed and, for a rate-cap summary, {@code
 * rateCapped} = true. No throwable: the written line already carried the stack trace. Stateless.
 */
final class SummaryEvents {
  /** The structured field every summary carries (DESIGN.md §5). */
  static final String REPEATED = "repeated";

  /** Marks a summary of events held back by the rate cap, whose values may differ. */
  static final String RATE_CAPPED = "rateCapped";

  private static final String FQCN = SummaryEvents.class.getName();

  private SummaryEvents() {}

  static LoggingEvent of(Summary s, Instant at) {
    EventKey k = s.key();
    LoggingEvent e = new LoggingEvent(FQCN, k.logger, k.level, k.template, null, k.args.toArray());
    for (KeyValuePair kv : k.keyValues) {
      e.addKeyValuePair(kv);
    }
    e.addKeyValuePair(new KeyValuePair(REPEATED, s.repeated()));
    if (s.rateCapped()) {
      e.addKeyValuePair(new KeyValuePair(RATE_CAPPED, true));
    }
    e.setInstant(at);
    return e;
  }
}
