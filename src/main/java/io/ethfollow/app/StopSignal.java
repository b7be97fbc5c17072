package io.ethfollow.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one stop request of a {@code run}: set by SIGTERM/SIGINT (installed before anything starts, so
 * a signal during start-up is a clean stop too), by a fatal error or by a sync halt; awaited by the
 * main thread. Thread-safe; the first request wins and is logged once.
 */
final class StopSignal {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);

  private final CountDownLatch latch = new CountDownLatch(1);

  void request(String why) {
    synchronized (latch) {
      if (latch.getCount() == 0) {
        return;
      }
      LOG.atInfo().setMessage("stopping").addKeyValue("event", "stopping").addKeyValue("reason", why).log();
      latch.countDown();
    }
  }

  boolean requested() {
    return latch.getCount() == 0;
  }

  void await() throws InterruptedException {
    latch.await();
  }

  boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    return latch.await(timeout, unit);
  }
}
