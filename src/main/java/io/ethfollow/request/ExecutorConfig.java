package io.ethfollow.request;

import java.time.Duration;

/**
 * Timeouts of the {@link RequestExecutor}.
 *
 * @param minTimeout soft timeout floor
 * @param maxTimeout soft timeout ceiling
 * @param rttMultiplier soft timeout = RTT estimate × this, clamped
 * @param grace how long a timed-out request stays registered, keeping its peer busy
 */
public record ExecutorConfig(Duration minTimeout, Duration maxTimeout, int rttMultiplier, Duration grace) {
  /**
   * 2 s to 20 s at 3 × RTT (geth msgrate and reth sessions: below 2 s a healthy peer serving 2 MiB over
   * a slow link would time out; above 20 s the tip moves on without us); 2 min grace (geth
   * timeoutGracePeriod, reth protocol-breach timeout): a peer silent that long is stalling.
   */
  public static ExecutorConfig defaults() {
    return new ExecutorConfig(Duration.ofSeconds(2), Duration.ofSeconds(20), 3, Duration.ofMinutes(2));
  }
}
