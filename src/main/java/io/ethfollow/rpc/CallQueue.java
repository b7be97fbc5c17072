package io.ethfollow.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's calls, run on the shared RPC workers one after another: a call starts only when
 * the connection's previous one has finished, so answers leave in the order the requests came,
 * while calls of different connections run in parallel. Submitted on the connection's event loop;
 * completed on workers.
 */
final class CallQueue {
  private final Executor workers;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  CallQueue(Executor workers) {
    this.workers = workers;
  }

  /**
   * Runs {@code call} after the calls submitted before it; {@code rejected} instead when the
   * workers' queue is full (the connection should then be told and closed).
   */
  void submit(Runnable call, Runnable rejected) {
    CompletableFuture<Void> previous = tail;
    CompletableFuture<Void> done = new CompletableFuture<>();
    tail = done;
    previous.whenComplete((ignored, error) -> {
      try {
        workers.execute(() -> {
          try {
            call.run();
          } finally {
            done.complete(null);
          }
        });
      } catch (RejectedExecutionException e) {
        try {
          rejected.run();
        } finally {
          done.complete(null);
        }
      }
    });
  }
}
