package io.ethfollow.app;

import io.ethfollow.chain.GenesisException;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Classifies what a command threw: what the user can fix (bad input, bad config, another chain's
 * data dir) is exit code 2; anything else is a runtime failure, exit 1. Messages are one line.
 */
final class ErrorMapping {
  private ErrorMapping() {}

  static int exitCode(Throwable e) {
    if (e instanceof CliException c) {
      return c.exitCode();
    }
    if (e instanceof StoreException
        || e instanceof GenesisException
        || e instanceof RlpException) {
      return ExitCode.USAGE;
    }
    return ExitCode.FAILURE;
  }

  static String message(Throwable e) {
    if (e instanceof CliException
        || e instanceof StoreException
        || e instanceof GenesisException
        || e instanceof RlpException) {
      return oneLine(e.getMessage());
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      return "I/O error: " + oneLine(String.valueOf(e.getMessage()));
    }
    return "unexpected error: " + e.getClass().getSimpleName() + ": " + oneLine(String.valueOf(e.getMessage()));
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
