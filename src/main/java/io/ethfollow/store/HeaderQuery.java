package io.ethfollow.store;

import io.ethfollow.chain.Hash;

/**
 * An eth GetBlockHeaders query: start at an origin (a number, or a hash), return up to {@code amount}
 * headers, stepping {@code skip + 1} blocks each time, towards lower numbers when {@code reverse}.
 * Exactly one of {@code originNumber} (>= 0) and {@code originHash} (non-null) is set.
 */
public record HeaderQuery(long originNumber, Hash originHash, long amount, long skip, boolean reverse) {
  public HeaderQuery {
    if ((originHash == null) == (originNumber < 0)) {
      throw new IllegalArgumentException("set exactly one origin: a number >= 0 or a hash");
    }
    if (amount < 0 || skip < 0) {
      throw new IllegalArgumentException("amount and skip must be >= 0");
    }
  }

  public static HeaderQuery byNumber(long origin, long amount, long skip, boolean reverse) {
    return new HeaderQuery(origin, null, amount, skip, reverse);
  }

  public static HeaderQuery byHash(Hash origin, long amount, long skip, boolean reverse) {
    return new HeaderQuery(-1, origin, amount, skip, reverse);
  }
}
