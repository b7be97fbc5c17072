package io.ethfollow.app.logging;

/**
 * Where {@link Deduplicator} hands summaries; the Logback filter writes them to the appenders, tests
 * collect them. Called on whichever thread ends the window (a logging thread, the flush timer or the
 * one stopping logging), never while a {@link Deduplicator} lock is held, so it may log.
 */
@FunctionalInterface
interface SummarySink {
  void emit(Summary summary);
}
