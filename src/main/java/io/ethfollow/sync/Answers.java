package io.ethfollow.sync;

import io.ethfollow.time.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Hands a request's answer to the engine. The handler gets the value, or null when the future failed
 * (the request classes already turned every network failure into an outcome). A handler that throws
 * — a bug, a store that cannot write — must not vanish inside the future: the throwable is raised
 * again as a task on the scheduler, whose failure handler logs it and stops the daemon with exit 1
 * (in tests it fails the test). Stateless.
 */
final class Answers {
  private Answers() {}

  static <T> void handle(CompletableFuture<T> answer, Scheduler scheduler, Consumer<T> handler) {
    answer.whenComplete((value, err) -> {
      try {
        handler.accept(err == null ? value : null);
      } catch (RuntimeException | Error e) {
        scheduler.execute(() -> {
          throw e;
        });
      }
    });
  }
}
