package io.ethfollow.app;

import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one fatal report of an {@code ethfollow run}: whatever ends the daemon with exit code 1 (an
 * exception on a daemon thread such as a store write on a full disk, a failed start, a sync halt,
 * a stop that could not flush the store, a second SIGTERM) comes here. The first report logs one
 * ERROR {@code fatal_error} whose {@code error} field is the reason (never empty: without a
 * message, the exception's class), prints the same reason as one line {@code ethfollow: <reason>}
 * on stderr (where systemd and operations.md look) and asks the daemon to stop; any later failure,
 * often a consequence of the first, is one WARN {@code failure_after_fatal} and nothing on stderr.
 * Thread-safe: reports come from the scheduler threads, the signal thread and the main thread.
 */
final class FatalStop {
  private static final Logger LOG = LoggerFactory.getLogger(FatalStop.class);

  private final PrintWriter err;
  private final Consumer<String> requestStop;
  private final AtomicBoolean reported = new AtomicBoolean();

  /**
   * @param err where the one-line reason goes (the process's stderr)
   * @param requestStop asks the daemon to stop (the {@link StopSignal})
   */
  FatalStop(PrintWriter err, Consumer<String> requestStop) {
    this.err = err;
    this.requestStop = requestStop;
  }

  /** An exception nobody handled, on a daemon thread or during the start. */
  void failed(Throwable e) {
    Throwable cause = unwrap(e);
    report(ErrorMapping.message(cause), cause);
  }

  /** A failure without an exception (a sync halt, an unflushed stop); {@code reason}: one line. */
  void failed(String reason) {
    report(reason, null);
  }

  /** True once a failure was reported: the daemon's exit code is then 1. */
  boolean happened() {
    return reported.get();
  }

  private void report(String reason, Throwable cause) {
    String thread = Thread.currentThread().getName();
    if (!reported.compareAndSet(false, true)) {
      LOG.atWarn()
          .setMessage("another failure while stopping after a fatal error: " + reason)
          .addKeyValue("event", "failure_after_fatal")
          .addKeyValue("error", reason)
          .addKeyValue("thread", thread)
          .setCause(cause)
          .log();
      return;
    }
    var line =
        LOG.atError()
            .setMessage("fatal error on " + thread + ", stopping: " + reason)
            .addKeyValue("event", "fatal_error")
            .addKeyValue("error", reason)
            .addKeyValue("thread", thread);
    if (cause != null) {
      line = line.addKeyValue("errorClass", cause.getClass().getName()).setCause(cause);
    }
    line.log();
    err.println("ethfollow: " + reason);
    err.flush();
    requestStop.accept("fatal error");
  }

  /** The cause of a CompletionException/ExecutionException (work joined from another thread). */
  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
