package io.ethfollow.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.ethfollow.app.logging.DedupTurboFilter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.event.DefaultLoggingEvent;

/**
 * The log dedup filter's cost per event (docs/logging.md). {@code duplicate}: the same fluent-API
 * event again inside its window, the hot path of a log storm (DENY). {@code fresh}: an event whose
 * key is not tracked (4096 keys cycled through the 1024-entry table, so every call opens a window
 * and the table evicts), the path of every written line. {@code duplicateViaLogger}: the whole
 * {@code LOG.atInfo()...log()} call for a suppressed duplicate, SLF4J builder included. The clock is
 * fixed so windows never end and the timer never flushes; the rate cap is off so fresh events stay
 * fresh. No appender is attached: writing is not what is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class LogDedupBenchmark {
  /** Four times the table's capacity: every key is evicted before it comes round again. */
  private static final int FRESH_KEYS = 4096;

  private LoggerContext context;
  private DedupTurboFilter filter;
  private Logger logger;
  private DefaultLoggingEvent duplicate;
  private DefaultLoggingEvent[] fresh;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    context = new LoggerContext();
    Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    filter = new DedupTurboFilter(clock);
    filter.setContext(context);
    filter.setRateCapLines(0);
    filter.setFlushAtExit(false);
    filter.start();
    context.addTurboFilter(filter);
    logger = context.getLogger("io.ethfollow.peer.PeerPool");
    duplicate = event("peer banned", "0x1234abcd");
    fresh = new DefaultLoggingEvent[FRESH_KEYS];
    for (int i = 0; i < FRESH_KEYS; i++) {
      fresh[i] = event("peer banned", "0x" + Integer.toHexString(i));
    }
    filter.decide(logger, duplicate); // opens the window the duplicates fall into
  }

  private DefaultLoggingEvent event(String msg, String peer) {
    DefaultLoggingEvent e = new DefaultLoggingEvent(org.slf4j.event.Level.INFO, logger);
    e.setMessage(msg);
    e.addKeyValue("event", "peer_banned");
    e.addKeyValue("peer", peer);
    return e;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    filter.stop();
  }

  @Benchmark
  public Object duplicate() {
    return filter.decide(logger, duplicate);
  }

  @Benchmark
  public Object fresh() {
    int i = next;
    next = (i + 1) & (FRESH_KEYS - 1);
    return filter.decide(logger, fresh[i]);
  }

  @Benchmark
  public void duplicateViaLogger() {
    logger
        .atInfo()
        .setMessage("peer banned")
        .addKeyValue("event", "peer_banned")
        .addKeyValue("peer", "0x1234abcd")
        .log();
  }
}
