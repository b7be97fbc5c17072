package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.status.StatusDocument;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PublishedStatusTest {
  @Test
  void publishesTheEnginesModeUntilTheStopBegins() {
    PublishedStatus p = new PublishedStatus();
    assertThat(p.mode()).isEqualTo("starting");
    p.publish(StatusDocs.of("follow", 10, 10, 3));
    assertThat(p.current().mode()).isEqualTo("follow");
    p.stopping();
    assertThat(p.current().mode()).isEqualTo("stopping");
    assertThat(p.current().localHead().number()).isEqualTo(10);
  }

  @Test
  void aRefreshThatReadTheEngineBeforeTheStopCannotPutItsModeBack() {
    PublishedStatus p = new PublishedStatus();
    StatusDocument built = StatusDocs.of("follow", 10, 10, 3); // read before the stop...
    p.stopping();
    StatusDocument shown = p.publish(built); // ...published after it
    assertThat(shown.mode()).isEqualTo("stopping");
    assertThat(p.current().mode()).isEqualTo("stopping");
    assertThat(p.mode()).isEqualTo("stopping");
  }

  @Test
  void underConcurrentRefreshesEveryDocumentAfterTheStopShowsStopping() throws Exception {
    PublishedStatus p = new PublishedStatus();
    p.publish(StatusDocs.of("follow", 10, 10, 3));
    AtomicBoolean run = new AtomicBoolean(true);
    CountDownLatch started = new CountDownLatch(1);
    Thread refresher =
        new Thread(
            () -> {
              started.countDown();
              while (run.get()) {
                p.publish(StatusDocs.of("follow", 10, 10, 3));
              }
            });
    refresher.start();
    started.await();
    p.stopping();
    for (int i = 0; i < 10_000; i++) {
      assertThat(p.current().mode()).isEqualTo("stopping");
    }
    run.set(false);
    refresher.join();
    assertThat(p.current().mode()).isEqualTo("stopping");
  }
}
