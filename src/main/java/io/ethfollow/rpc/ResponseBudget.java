package io.ethfollow.rpc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of answers produced but not yet taken by their clients, over all connections: each answer
 * may be 25 MiB, so without a total a few hundred slow clients could hold gigabytes. An answer that
 * would pass the budget is refused with 503 instead. Thread-safe (workers acquire, event loops
 * release).
 */
final class ResponseBudget {
  private final long maxBytes;
  private final AtomicLong used = new AtomicLong();

  ResponseBudget(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Takes {@code bytes} from the budget; false (nothing taken) when that would exceed it. */
  boolean tryAcquire(long bytes) {
    while (true) {
      long now = used.get();
      if (now > 0 && now + bytes > maxBytes) {
        return false; // one answer alone may use the whole budget, so big answers are never starved
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }
}
