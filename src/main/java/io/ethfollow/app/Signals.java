package io.ethfollow.app;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop: the first signal asks the daemon to stop (it then
 * exits 0 after flushing), a second one exits at once with {@link ExitCode#FAILURE}. Handlers run on
 * the JVM's signal thread and only count down a latch, so they never block.
 */
final class Signals {
  private Signals() {}

  static void install(Consumer<String> requestStop) {
    AtomicInteger received = new AtomicInteger();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          sig -> {
            if (received.incrementAndGet() == 1) {
              requestStop.accept("SIG" + sig.getName());
            } else {
              System.err.println("ethfollow: second SIG" + sig.getName() + ", exiting now");
              Runtime.getRuntime().halt(ExitCode.FAILURE);
            }
          });
    }
  }
}
