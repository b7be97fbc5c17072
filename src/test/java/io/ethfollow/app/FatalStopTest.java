package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ethfollow.store.StoreException;
import io.ethfollow.time.SystemScheduler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** One stderr line and one {@code fatal_error} per run, whatever fails and however often. */
class FatalStopTest {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(FatalStop.class);
  private final StringWriter stderr = new StringWriter();
  private final StopSignal stop = new StopSignal();
  private final FatalStop fatal = new FatalStop(new PrintWriter(stderr, true), stop::request);

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
  }

  private List<Map<String, Object>> events(String name) {
    return appender.list.stream()
        .map(FatalStopTest::fields)
        .filter(f -> name.equals(f.get("event")))
        .toList();
  }

  private static Map<String, Object> fields(ILoggingEvent e) {
    List<KeyValuePair> kvs = e.getKeyValuePairs() == null ? List.of() : e.getKeyValuePairs();
    return kvs.stream().collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value)));
  }

  @Test
  void aStoreWriteFailingOnTheOwnerThreadIsOneFatalErrorWithItsCauseAndOneStderrLine()
      throws Exception {
    try (SystemScheduler owner = new SystemScheduler("ethfollow-main", fatal::failed)) {
      owner.execute(
          () -> {
            throw new StoreException(
                "store at /data: write blocks failed: While appending to file: /data/000012.log:"
                    + " No space left on device");
          });
      // The store keeps failing: the next write fails the same way.
      owner.execute(
          () -> {
            throw new StoreException("store at /data: write peer failed: No space left on device");
          });
      CountDownLatch both = new CountDownLatch(1);
      owner.execute(both::countDown);
      assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(stop.requested()).isTrue();
    }
    List<Map<String, Object>> fatals = events("fatal_error");
    assertThat(fatals).hasSize(1);
    assertThat(fatals.get(0))
        .containsEntry("thread", "ethfollow-main")
        .containsEntry("errorClass", StoreException.class.getName());
    assertThat((String) fatals.get(0).get("error")).endsWith("No space left on device");
    assertThat(stderr.toString().lines().toList())
        .containsExactly("ethfollow: " + fatals.get(0).get("error"));
    assertThat(events("failure_after_fatal")).hasSize(1);
    assertThat(fatal.happened()).isTrue();
  }

  @Test
  void anExceptionWithoutAMessageIsNamedByItsClassNeverNull() {
    fatal.failed(new CompletionException(new NullPointerException()));
    assertThat(stderr.toString().lines().toList())
        .containsExactly("ethfollow: unexpected error: NullPointerException");
    assertThat(events("fatal_error").get(0))
        .containsEntry("error", "unexpected error: NullPointerException")
        .containsEntry("errorClass", NullPointerException.class.getName());
    assertThat(stop.requested()).isTrue();
  }

  @Test
  void aFailureWithoutAnExceptionCarriesItsReason() {
    fatal.failed("sync halted: reorg deeper than the rollback window");
    fatal.failed("the stop did not flush the store (10 s budget; see the stop_ lines)");
    assertThat(stderr.toString().lines().toList())
        .containsExactly("ethfollow: sync halted: reorg deeper than the rollback window");
    assertThat(events("fatal_error")).hasSize(1);
    assertThat(events("fatal_error").get(0))
        .containsEntry("error", "sync halted: reorg deeper than the rollback window")
        .doesNotContainKey("errorClass");
  }

  @Test
  void nothingReportedMeansExitZero() {
    assertThat(fatal.happened()).isFalse();
    assertThat(stderr.toString()).isEmpty();
  }
}
