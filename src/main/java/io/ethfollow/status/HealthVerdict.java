package io.ethfollow.status;

/** Whether the daemon is healthy for {@code GET /health}, and why not. */
public record HealthVerdict(boolean healthy, String reason) {

  /**
   * Follow mode keeps the lag at 0-1 block; 2 leaves room for one block in flight at a slot edge, and
   * anything more means the daemon is not keeping up.
   */
  public static final long MAX_HEALTHY_LAG = 2;

  /** Healthy means following the chain head with peers that show it, within {@link #MAX_HEALTHY_LAG}. */
  public static HealthVerdict of(StatusDocument s) {
    HealthVerdict store = storeVerdict(s.storage());
    if (store != null) {
      return store;
    }
    if (!"follow".equals(s.mode())) {
      String why = s.haltReason() != null ? ": " + s.haltReason() : "";
      return new HealthVerdict(false, "not following the chain head (mode " + s.mode() + ")" + why);
    }
    if (s.networkHead() == null || s.lagBlocks() == null) {
      return new HealthVerdict(false, "following, but no peer has shown us the network head yet");
    }
    if (s.lagBlocks() > MAX_HEALTHY_LAG) {
      return new HealthVerdict(false, "following, but " + s.lagBlocks() + " blocks behind the network head");
    }
    return new HealthVerdict(true, "following, " + s.lagBlocks() + " block(s) behind the network head");
  }

  /** Unhealthy when the store refuses writes or a read found damaged data; null when it is fine. */
  private static HealthVerdict storeVerdict(StatusDocument.Storage st) {
    if (st == null) {
      return null;
    }
    if (st.writeError() != null) {
      return new HealthVerdict(false, "store refuses writes: " + st.writeError());
    }
    if (st.damagedEntries() > 0) {
      return new HealthVerdict(false, st.damagedEntries() + " damaged store entries found"
          + " (served to peers as missing); run `ethfollow db repair`");
    }
    return null;
  }
}
