package io.ethfollow.sync;

/**
 * The first block a fresh data dir syncs from ({@code --start-block N} or {@code head-N}): either an
 * absolute number or a distance below the network head, resolved once, when the fast-sync target is
 * known, and then persisted in the store (a data dir keeps its start for life). A value.
 *
 * @param value the block number, or the distance below the head when {@code relative}
 * @param relative whether {@code value} counts down from the network head
 */
public record StartBlock(long value, boolean relative) {

  /**
   * The default, {@code head-10000}: about 33 hours of mainnet blocks (~2.5 GB with receipts), enough
   * history for the recent-block queries a follower serves, and well above the pre-merge blocks most
   * mainnet peers no longer serve (history expiry). A custom network younger than that starts at 0.
   */
  public static final StartBlock DEFAULT = new StartBlock(10_000, true);

  public StartBlock {
    if (value < 0) {
      throw new IllegalArgumentException("start block must not be negative");
    }
  }

  /** Parses {@code N} or {@code head-N} (N a non-negative decimal); throws with a one-line reason. */
  public static StartBlock parse(String text) {
    String s = text.trim();
    boolean relative = s.startsWith("head-");
    String digits = relative ? s.substring(5) : s;
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("start block must be N or head-N with N a non-negative number, got '" + text + "'");
    }
    return new StartBlock(Long.parseLong(digits), relative);
  }

  /** The absolute block number for a network whose head is {@code networkHead}. */
  public long resolve(long networkHead) {
    return relative ? Math.max(0, networkHead - value) : value;
  }

  @Override
  public String toString() {
    return relative ? "head-" + value : Long.toString(value);
  }
}
