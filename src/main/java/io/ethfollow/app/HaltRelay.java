package io.ethfollow.app;

import java.util.function.Consumer;

/**
 * Hands a sync halt to the daemon exactly once, whichever comes first: the halt (seen by a status
 * refresh) or the daemon's handler (attached once the daemon object exists). Before this, a halt
 * seen by the very first refresh, which runs before the daemon exists, went to a placeholder handler
 * and was lost: the daemon kept running, halted, instead of exiting 1. Thread-safe: refreshes run on
 * the scheduler thread, the handler is attached from the main thread.
 */
final class HaltRelay {
  private String reason;
  private Consumer<String> handler;
  private boolean delivered;

  /** The engine reports a halt; the first reason is the one kept. */
  void halted(String why) {
    Consumer<String> h;
    String r;
    synchronized (this) {
      if (reason == null) {
        reason = why == null ? "halted" : why;
      }
      h = takeDelivery();
      r = reason;
    }
    if (h != null) {
      h.accept(r);
    }
  }

  /** Sets who hears the halt; a halt already seen is handed over now. */
  void handler(Consumer<String> onHalt) {
    Consumer<String> h;
    String r;
    synchronized (this) {
      handler = onHalt;
      h = takeDelivery();
      r = reason;
    }
    if (h != null) {
      h.accept(r);
    }
  }

  private Consumer<String> takeDelivery() {
    if (delivered || reason == null || handler == null) {
      return null;
    }
    delivered = true;
    return handler;
  }
}
