package io.ethfollow.store;

/** An inclusive range of block numbers {@code [from, to]}; never empty. */
public record BlockRange(long from, long to) {
  public BlockRange {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("bad block range [" + from + ", " + to + "]");
    }
  }

  public long size() {
    return to - from + 1;
  }

  public boolean contains(long number) {
    return number >= from && number <= to;
  }

  @Override
  public String toString() {
    return "[" + from + ", " + to + "]";
  }
}
