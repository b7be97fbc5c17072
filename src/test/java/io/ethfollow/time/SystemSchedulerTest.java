package io.ethfollow.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SystemSchedulerTest {
  @Test
  void aFailingTaskReachesTheFailureHandlerAndTheThreadKeepsRunning() throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch failed = new CountDownLatch(1);
    try (SystemScheduler s =
        new SystemScheduler("test-owner", e -> {
          failure.set(e);
          failed.countDown();
        })) {
      s.execute(() -> {
        throw new IllegalStateException("disk full");
      });
      assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(failure.get()).hasMessage("disk full");
      CountDownLatch ran = new CountDownLatch(1);
      s.schedule(Duration.ofMillis(10), ran::countDown);
      assertThat(ran.await(5, TimeUnit.SECONDS)).as("the owner thread survives a failed task").isTrue();
    }
  }
}
