package io.ethfollow.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ethfollow.time.ManualClock;
import io.ethfollow.time.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AnswersTest {
  private final ManualScheduler scheduler = new ManualScheduler(new ManualClock(0));

  /** A handler that throws (a store that cannot write) must stop the daemon, not vanish in the future. */
  @Test
  void aHandlerThatThrowsIsRaisedOnTheScheduler() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    Answers.handle(answer, scheduler, v -> {
      throw new IllegalStateException("disk full");
    });
    answer.complete("headers");
    assertThatThrownBy(() -> scheduler.advance(Duration.ofMillis(1))).hasMessage("disk full");
  }

  @Test
  void aFailedFutureReachesTheHandlerAsNull() {
    List<String> got = new ArrayList<>();
    CompletableFuture<String> answer = new CompletableFuture<>();
    Answers.handle(answer, scheduler, got::add);
    answer.completeExceptionally(new RuntimeException("gone"));
    assertThat(got).containsExactly((String) null);
  }
}
