package io.ethfollow.app;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop: the first signal asks the daemon to stop (it then
 * exits 0 after flushing), a second one exits at once with {@link ExitCode#FAILURE}, after its
 * reason is reported. SIGHUP is logged ({@code sighup_ignored}) and otherwise ignored: nothing the
 * daemon runs with can be changed without a restart, and without a handler the JVM would exit 129
 * with no {@code stopping}/{@code stopped} (a closed terminal, a stray {@code kill -HUP}). Handlers
 * run on the JVM's signal thread and only count down a latch or log, so they never block.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /** As {@link #install(Consumer, Consumer)}, the forced exit's reason printed on stderr. */
  static void install(Consumer<String> requestStop) {
    install(requestStop, why -> System.err.println("ethfollow: " + why));
  }

  /**
   * @param requestStop asks for the orderly stop (the first SIGTERM/SIGINT)
   * @param beforeForcedExit reports the second signal (one stderr line, one log event) just before
   *     the process halts with exit code 1
   */
  static void install(Consumer<String> requestStop, Consumer<String> beforeForcedExit) {
    AtomicInteger received = new AtomicInteger();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          sig -> {
            if (received.incrementAndGet() == 1) {
              requestStop.accept("SIG" + sig.getName());
            } else {
              beforeForcedExit.accept(
                  "second SIG" + sig.getName() + " during the stop, exiting now");
              Runtime.getRuntime().halt(ExitCode.FAILURE);
            }
          });
    }
    try {
      Signal.handle(
          new Signal("HUP"),
          sig ->
              LOG.atInfo()
                  .setMessage("SIGHUP ignored: nothing is reloaded; restart to apply new settings")
                  .addKeyValue("event", "sighup_ignored")
                  .log());
    } catch (IllegalArgumentException e) {
      // -Xrs leaves SIGHUP to the JVM; under nohup it stays ignored without us (no exception then).
      LOG.atDebug()
          .setMessage("SIGHUP handler not installed")
          .addKeyValue("error", e.getMessage())
          .log();
    }
  }
}
