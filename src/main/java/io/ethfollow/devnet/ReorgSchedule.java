package io.ethfollow.devnet;

/**
 * Which branch each block is on, as a function of the chain's head: every {@code every} blocks the
 * chain reorganises. When the head reaches a reorg point {@code R = k * every}, blocks
 * {@code R - depth .. R - 1} are replaced by branch {@code k}'s versions and block R is born on
 * branch k, so the last {@code depth} blocks of the old chain are dropped and the common ancestor is
 * {@code R - depth - 1}. Before the head reaches R those blocks are on branch 0. Because every
 * producer of a network computes the same function, all of them serve the same chain at a given
 * head. {@code every == 0} means never. Immutable.
 *
 * @param every blocks between reorgs (0: no reorgs)
 * @param depth blocks replaced per reorg; 1 ≤ depth < every
 */
public record ReorgSchedule(long every, long depth) {
  public static final ReorgSchedule NONE = new ReorgSchedule(0, 0);

  public ReorgSchedule {
    if (every < 0 || depth < 0) {
      throw new IllegalArgumentException("reorg every and depth must not be negative");
    }
    if (every > 0 && (depth < 1 || depth >= every)) {
      throw new IllegalArgumentException(
          "reorg depth must be at least 1 and below reorg every (" + every + "), got " + depth);
    }
    if (every == 0 && depth != 0) {
      throw new IllegalArgumentException("reorg depth needs reorg every");
    }
  }

  public boolean enabled() {
    return every > 0;
  }

  /** True when a head reaching {@code number} reorganises the chain. */
  public boolean isReorgPoint(long number) {
    return enabled() && number > 0 && number % every == 0;
  }

  /** The branch of block {@code number} on the chain whose head is {@code head} (≥ number). */
  public long branchOf(long number, long head) {
    if (!enabled() || number == 0) {
      return 0;
    }
    long k = (number + every - 1) / every; // the first reorg point at or above number
    long point = k * every;
    boolean inWindow = number >= point - depth;
    return inWindow && head >= point ? k : 0;
  }

  /** The ancestor at which the chain at head {@code point} (a reorg point) leaves the old one. */
  public long forkBase(long point) {
    return Math.max(0, point - depth - 1);
  }

  /**
   * The highest block that is the same on the chains with heads {@code a} and {@code b}: the lower
   * head, unless a reorg point between them rewrote blocks at or below it.
   */
  public long commonAncestor(long a, long b) {
    long low = Math.min(a, b);
    long high = Math.max(a, b);
    if (!enabled()) {
      return low;
    }
    long common = low;
    // Only the first reorg point above low can rewrite blocks at or below low (depth < every).
    long point = (low / every + 1) * every;
    if (point <= high && point - depth <= low) {
      common = forkBase(point);
    }
    return common;
  }
}
