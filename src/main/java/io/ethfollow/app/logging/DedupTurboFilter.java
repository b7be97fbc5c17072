package io.ethfollow.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.spi.LifeCycle;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.LoggingEvent;

/**
 * The Logback side of log deduplication (DESIGN.md §1 invariant 5), installed with {@code
 * <turboFilter>} in logback.xml so every appender of the context sees the same, deduplicated stream.
 * A TurboFilter runs before Logback builds its event, so a suppressed duplicate costs no event
 * object, no caller data and no formatting; in Logback 1.6 it also receives the fluent API's
 * key-values ({@link #decide(Logger, LoggingEvent)}). It answers DENY for a counted duplicate and
 * NEUTRAL otherwise, and writes summaries straight to the logger's appenders.
 *
 * <p>Owns the {@link Deduplicator}, the flush timer and the shutdown flush. {@code decide} runs on
 * every logging thread; summaries are written on whichever thread ends a window, on the timer
 * thread, or on the thread that resets the context or exits the JVM. Time comes only from the
 * injected {@link Clock}.
 */
public final class DedupTurboFilter extends TurboFilter {
  private final Clock clock;
  private long windowMillis = DedupSettings.DEFAULT_WINDOW_MILLIS;
  private int capacity = DedupSettings.DEFAULT_CAPACITY;
  private int rateCapLines = DedupSettings.DEFAULT_RATE_CAP_LINES;
  private long rateCapPeriodMillis = DedupSettings.DEFAULT_RATE_CAP_PERIOD_MILLIS;
  private long flushPeriodMillis = DedupSettings.DEFAULT_FLUSH_PERIOD_MILLIS;
  private boolean flushAtExit = true;

  /** Null when stopped: then every event passes untouched. */
  private volatile Deduplicator dedup;

  private PeriodicFlusher flusher;
  private Thread exitHook;

  /** For logback.xml: the system clock. */
  public DedupTurboFilter() {
    this(Clock.systemUTC());
  }

  public DedupTurboFilter(Clock clock) {
    this.clock = clock;
  }

  public void setWindowMillis(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  public void setCapacity(int capacity) {
    this.capacity = capacity;
  }

  public void setRateCapLines(int rateCapLines) {
    this.rateCapLines = rateCapLines;
  }

  public void setRateCapPeriodMillis(long rateCapPeriodMillis) {
    this.rateCapPeriodMillis = rateCapPeriodMillis;
  }

  public void setFlushPeriodMillis(long flushPeriodMillis) {
    this.flushPeriodMillis = flushPeriodMillis;
  }

  /** False only in tests that must not leave a JVM shutdown hook behind. */
  public void setFlushAtExit(boolean flushAtExit) {
    this.flushAtExit = flushAtExit;
  }

  public DedupSettings settings() {
    return new DedupSettings(
        windowMillis, capacity, rateCapLines, rateCapPeriodMillis, flushPeriodMillis);
  }

  @Override
  public void start() {
    DedupSettings s;
    try {
      s = settings();
    } catch (IllegalArgumentException e) {
      addError("log deduplication not started: " + e.getMessage());
      return;
    }
    Deduplicator d = new Deduplicator(s, this::write);
    flusher = new PeriodicFlusher(s.flushPeriodMillis(), this::flushDue);
    if (getContext() != null) {
      // Context reset (reconfiguration, LoggerContext.stop) stops registered components before it
      // detaches the appenders, so this is the last moment the counts can still be written.
      getContext().register(new FlushOnReset());
    }
    if (flushAtExit) {
      exitHook = new Thread(this::stop, "log-dedup-exit-flush");
      Runtime.getRuntime().addShutdownHook(exitHook);
    }
    dedup = d;
    super.start();
  }

  /** Writes every pending count and lets later events through untouched. Idempotent. */
  @Override
  public void stop() {
    Deduplicator d;
    synchronized (this) {
      d = dedup;
      dedup = null;
      if (flusher != null) {
        flusher.stop();
        flusher = null;
      }
      if (exitHook != null && Thread.currentThread() != exitHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
          // The JVM is already exiting; the hook runs (or ran) this same idempotent stop.
        }
      }
      exitHook = null;
    }
    if (d != null) {
      d.flushAll();
    }
    super.stop();
  }

  /** Reports every window that has ended by the injected clock's now. The timer calls this. */
  public void flushDue() {
    Deduplicator d = dedup;
    if (d != null) {
      d.flushDue(clock.millis());
    }
  }

  /** The SLF4J fluent API: level, template, arguments and key-values are all here. */
  @Override
  public FilterReply decide(Logger logger, LoggingEvent event) {
    Level level = Level.convertAnSLF4JLevel(event.getLevel());
    return decide(
        logger,
        level,
        event.getMessage(),
        event.getArguments(),
        event.getKeyValuePairs(),
        event.getThrowable());
  }

  /** Classic calls ({@code LOG.info("x {}", a)}) and isEnabled checks (format null: not events). */
  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null) {
      return FilterReply.NEUTRAL;
    }
    return decide(logger, level, format, params == null ? null : Arrays.asList(params), null, t);
  }

  private FilterReply decide(
      Logger logger,
      Level level,
      String template,
      List<Object> args,
      List<org.slf4j.event.KeyValuePair> keyValues,
      Throwable t) {
    Deduplicator d = dedup;
    if (d == null || level.levelInt < logger.getEffectiveLevel().levelInt) {
      return FilterReply.NEUTRAL; // stopped, or an event Logback drops anyway: not ours to count
    }
    if (t == null
        && args != null
        && !args.isEmpty()
        && args.get(args.size() - 1) instanceof Throwable) {
      // Logback takes a trailing Throwable argument as the event's throwable; so do we, so that
      // its identity (a new object every time) does not make every such event unique.
      t = (Throwable) args.get(args.size() - 1);
      args = args.subList(0, args.size() - 1);
    }
    EventKey key =
        new EventKey(
            logger, level, template, args, keyValues, t == null ? null : t.getClass().getName());
    try {
      return d.admit(key, clock.millis()) ? FilterReply.NEUTRAL : FilterReply.DENY;
    } catch (RuntimeException e) {
      return FilterReply.NEUTRAL; // a dedup fault must never cost a log line
    }
  }

  private void write(Summary s) {
    s.key().logger.callAppenders(SummaryEvents.of(s, clock.instant()));
  }

  /** Flushes when the context is reset, while its appenders are still attached. */
  private final class FlushOnReset implements LifeCycle {
    @Override
    public void start() {}

    @Override
    public void stop() {
      DedupTurboFilter.this.stop();
    }

    @Override
    public boolean isStarted() {
      return true;
    }
  }
}
