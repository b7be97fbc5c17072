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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CallQueue.class);

  private final Executor workers;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  CallQueue(Executor workers) {
    this.workers = workers;
  }

  /**
   * Runs {@code call} after the calls submitted before it, unless the connection has gone by then
   * ({@code alive} false: nobody would read the answer); {@code failed} instead when the workers'
   * queue is full or the call throws something no method should (an Error: out of memory), so the
   * connection is told and closed rather than left waiting for an answer that never comes.
   */
  void submit(java.util.function.BooleanSupplier alive, Runnable call, Runnable failed) {
    CompletableFuture<Void> previous = tail;
    CompletableFuture<Void> done = new CompletableFuture<>();
    tail = done;
    previous.whenComplete((ignored, error) -> {
      try {
        workers.execute(() -> {
          try {
            if (alive.getAsBoolean()) {
              call.run();
            }
          } catch (Throwable t) { // an Error: answer and close instead of hanging the connection
            LOG.atError().setMessage("JSON-RPC call failed").addKeyValue("event", "rpc_call_failed")
                .addKeyValue("error", t.toString()).setCause(t).log();
            failed.run();
          } finally {
            done.complete(null);
          }
        });
      } catch (RejectedExecutionException e) {
        try {
          failed.run();
        } finally {
          done.complete(null);
        }
      }
    });
  }
}
