package io.ethfollow.app;

/**
 * A failure the user can fix (bad flag value, unreadable file, wrong data dir). The CLI prints only
 * the message, on one line, and exits with {@link #exitCode()} — no stack trace.
 */
public final class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(String message) {
    this(ExitCode.USAGE, message);
  }

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
