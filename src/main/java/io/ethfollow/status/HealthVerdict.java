package io.ethfollow.status;

import java.time.Duration;

/** Whether the daemon is healthy for {@code GET /health}, and why not. */
public record HealthVerdict(boolean healthy, String reason) {

  /**
   * Follow mode keeps the lag at 0-1 block; 2 leaves room for one block in flight at a slot edge, and
   * anything more means the daemon is not keeping up.
   */
  public static final long MAX_HEALTHY_LAG = 2;

  /**
   * The head-age bound when the operator sets none: ten 12 s slots. A missed slot or two is normal;
   * ten without a new block here means a stalled network or peers that are all stale.
   */
  public static final Duration DEFAULT_MAX_HEAD_AGE = Duration.ofSeconds(120);

  /** {@link #of(StatusDocument, Duration)} with {@link #DEFAULT_MAX_HEAD_AGE}. */
  public static HealthVerdict of(StatusDocument s) {
    return of(s, DEFAULT_MAX_HEAD_AGE);
  }

  /**
   * Healthy means following the chain head with peers that show it, within {@link #MAX_HEALTHY_LAG},
   * and a local head block younger than {@code maxHeadAge}: the lag compares us with our peers only,
   * so a lone stale peer (or a network that stopped) shows a lag of 0 while the chain moves on.
   */
  public static HealthVerdict of(StatusDocument s, Duration maxHeadAge) {
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
    if (s.headAgeSec() != null && s.headAgeSec() > maxHeadAge.toSeconds()) {
      return new HealthVerdict(false, "following, but the local head (block " + s.localHead().number()
          + ") is " + s.headAgeSec() + " s old, more than the " + maxHeadAge.toSeconds()
          + " s allowed (status.max-head-age): no newer block reached us (only stale peers, or a"
          + " stalled network?)");
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
