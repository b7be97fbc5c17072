package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StopSequenceTest {
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void releaseHungSteps() {
    never.countDown();
  }

  @Test
  void stepsRunInOrderAndAllDoneWhenEachFinishes() {
    List<String> ran = new ArrayList<>();
    StopSequence s = new StopSequence(Duration.ofSeconds(5));
    assertThat(s.run("a", () -> ran.add("a"))).isTrue();
    assertThat(s.run("b", () -> ran.add("b"))).isTrue();
    assertThat(ran).containsExactly("a", "b");
    assertThat(s.allDone()).isTrue();
    assertThat(s.overBudget()).isFalse();
  }

  @Test
  void aHungStepIsAbandonedAtTheBudgetAndLaterStepsAreSkipped() {
    List<String> ran = new ArrayList<>();
    StopSequence s = new StopSequence(Duration.ofMillis(400));
    long start = System.nanoTime();
    assertThat(s.run("first", () -> Thread.sleep(250))).isTrue();
    assertThat(s.run("hung", never::await)).isFalse();
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(s.run("later", () -> ran.add("later"))).isFalse();
    // The hung step only got what the first one left: the whole sequence ends near the budget.
    assertThat(elapsedMs).isBetween(350L, 2_000L);
    assertThat(ran).isEmpty();
    assertThat(s.allDone()).isFalse();
    assertThat(s.overBudget()).isTrue();
    assertThat(s.remaining()).isZero();
  }

  @Test
  void aFailingStepIsNotDoneButTheNextStepsStillRun() {
    List<String> ran = new ArrayList<>();
    StopSequence s = new StopSequence(Duration.ofSeconds(5));
    assertThat(s.run("broken", () -> {
      throw new IllegalStateException("disk gone");
    })).isFalse();
    assertThat(s.run("next", () -> ran.add("next"))).isTrue();
    assertThat(ran).containsExactly("next");
    assertThat(s.allDone()).isFalse();
    assertThat(s.overBudget()).isFalse();
  }
}
