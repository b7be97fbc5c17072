package io.ethfollow.status;

/** Whether the daemon is healthy for {@code GET /health}, and why not. */
public record HealthVerdict(boolean healthy, String reason) {

  /**
   * Healthy means following the chain head. Until the sync engine exists the daemon never follows,
   * so the verdict names the mode it is in.
   */
  public static HealthVerdict of(StatusDocument s) {
    if ("follow".equals(s.mode())) {
      return new HealthVerdict(true, "following");
    }
    return new HealthVerdict(false, "not following the chain head (mode " + s.mode() + ")");
  }
}
