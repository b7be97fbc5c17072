package io.ethfollow.app;

/** Process exit codes, a stable interface for systemd and scripts (DESIGN.md §5). */
public final class ExitCode {
  /** Clean stop, or every check passed. */
  public static final int OK = 0;

  /** Runtime failure, or (for check commands) a check failed. */
  public static final int FAILURE = 1;

  /** Bad usage, bad config or unreadable input; a one-line reason goes to stderr. */
  public static final int USAGE = 2;

  private ExitCode() {}
}
