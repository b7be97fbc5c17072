package io.ethfollow.app;

import io.ethfollow.chain.GenesisException;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.store.NotAStoreException;
import io.ethfollow.store.SchemaVersionException;
import io.ethfollow.store.StoreException;
import io.ethfollow.store.StoreIdentityException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;

/**
 * Classifies what a command threw: what the user can fix (bad input, bad config, another chain's
 * data dir, a listen address that cannot be bound) is exit code 2; anything else is a runtime failure, exit 1. Messages are one line.
 */
final class ErrorMapping {
  private ErrorMapping() {}

  static int exitCode(Throwable thrown) {
    Throwable e = unwrap(thrown);
    if (e instanceof CliException c) {
      return c.exitCode();
    }
    // A listen address that is in use or not this machine's: the operator's setting to fix.
    if (bindFailure(e) != null) {
      return ExitCode.USAGE;
    }
    // A data dir of another chain, not a store, or of a newer schema: the operator's choice to fix.
    // Any other store failure (I/O, disk full) is a runtime failure that a restart may cure.
    if (e instanceof StoreIdentityException
        || e instanceof NotAStoreException
        || e instanceof SchemaVersionException
        || e instanceof GenesisException
        || e instanceof RlpException) {
      return ExitCode.USAGE;
    }
    return ExitCode.FAILURE;
  }

  /** The cause of a CompletionException/ExecutionException (work joined from another thread). */
  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The {@link BindException} behind {@code e} (a server that could not listen), or null. */
  private static BindException bindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException b) {
        return b;
      }
    }
    return null;
  }

  static String message(Throwable thrown) {
    Throwable e = unwrap(thrown);
    BindException bind = bindFailure(e);
    if (bind != null) {
      return oneLine(bind.getMessage());
    }
    boolean noMessage = e.getMessage() == null || e.getMessage().isBlank();
    if (e instanceof CliException
        || e instanceof StoreException
        || e instanceof GenesisException
        || e instanceof RlpException) {
      return noMessage ? e.getClass().getSimpleName() : oneLine(e.getMessage());
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      return "I/O error: " + (noMessage ? e.getClass().getSimpleName() : oneLine(e.getMessage()));
    }
    // Without a message the class is the reason: never "null" (a NullPointerException, for one).
    return "unexpected error: " + e.getClass().getSimpleName()
        + (noMessage ? "" : ": " + oneLine(e.getMessage()));
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
