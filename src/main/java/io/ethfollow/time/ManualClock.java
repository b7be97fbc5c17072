package io.ethfollow.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that only moves when told to. Used by {@link ManualScheduler} for virtual-time tests
 * and simulations. Not thread-safe for concurrent advancing; reads are safe (volatile).
 */
public final class ManualClock extends Clock {
  private volatile long millis;

  public ManualClock(long startMillis) {
    this.millis = startMillis;
  }

  /** Moves time forward; negative durations are rejected because time never runs backwards. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time cannot go backwards: " + d);
    }
    millis += d.toMillis();
  }

  void setMillis(long value) {
    if (value < millis) {
      throw new IllegalArgumentException("time cannot go backwards");
    }
    millis = value;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
