package io.ethfollow.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable set of block numbers held as sorted, disjoint, non-adjacent inclusive ranges: the
 * record of which blocks are completely stored. Adding a block next to a range extends it, so a
 * store that filled every hole holds a single range. Thread-safe (immutable); each change returns a
 * new set. Costs are linear in the number of ranges, which the scheduler's window keeps small.
 */
public final class RangeSet {
  /** The set without any block. */
  public static final RangeSet EMPTY = new RangeSet(new long[0]);

  /** from0, to0, from1, to1, ...: sorted, with from(i+1) > to(i) + 1. */
  private final long[] bounds;

  private RangeSet(long[] bounds) {
    this.bounds = bounds;
  }

  /** A set holding exactly the given ranges (which may overlap or touch; they are merged). */
  public static RangeSet of(BlockRange... ranges) {
    RangeSet set = EMPTY;
    for (BlockRange r : ranges) {
      set = set.with(r.from(), r.to());
    }
    return set;
  }

  /** This set plus block {@code number}. */
  public RangeSet with(long number) {
    return with(number, number);
  }

  /** This set plus every block in {@code [from, to]}. */
  public RangeSet with(long from, long to) {
    new BlockRange(from, to); // validates
    if (containsAll(from, to)) {
      return this;
    }
    long[] out = new long[bounds.length + 2];
    int n = 0;
    int i = 0;
    // Ranges entirely below the new one and not touching it.
    while (i < bounds.length && bounds[i + 1] < from - 1) {
      out[n++] = bounds[i];
      out[n++] = bounds[i + 1];
      i += 2;
    }
    long lo = from;
    long hi = to;
    // Ranges overlapping or touching [lo, hi] are absorbed.
    while (i < bounds.length && bounds[i] <= hi + 1) {
      lo = Math.min(lo, bounds[i]);
      hi = Math.max(hi, bounds[i + 1]);
      i += 2;
    }
    out[n++] = lo;
    out[n++] = hi;
    while (i < bounds.length) {
      out[n++] = bounds[i];
      out[n++] = bounds[i + 1];
      i += 2;
    }
    return new RangeSet(Arrays.copyOf(out, n));
  }

  /** This set without any block above {@code number} (what a rollback to {@code number} keeps). */
  public RangeSet withoutAbove(long number) {
    if (isEmpty() || bounds[bounds.length - 1] <= number) {
      return this;
    }
    long[] out = new long[bounds.length];
    int n = 0;
    for (int i = 0; i < bounds.length && bounds[i] <= number; i += 2) {
      out[n++] = bounds[i];
      out[n++] = Math.min(bounds[i + 1], number);
    }
    return new RangeSet(Arrays.copyOf(out, n));
  }

  public boolean isEmpty() {
    return bounds.length == 0;
  }

  public boolean contains(long number) {
    return indexOfRangeContaining(number) >= 0;
  }

  /** True when every block in {@code [from, to]} is in the set. */
  public boolean containsAll(long from, long to) {
    int i = indexOfRangeContaining(from);
    return i >= 0 && bounds[i + 1] >= to;
  }

  /** The range holding {@code number}, if any. */
  public Optional<BlockRange> rangeContaining(long number) {
    int i = indexOfRangeContaining(number);
    return i < 0 ? Optional.empty() : Optional.of(new BlockRange(bounds[i], bounds[i + 1]));
  }

  /** The highest block in the set. */
  public OptionalLong highest() {
    return isEmpty() ? OptionalLong.empty() : OptionalLong.of(bounds[bounds.length - 1]);
  }

  /** The lowest block in the set. */
  public OptionalLong lowest() {
    return isEmpty() ? OptionalLong.empty() : OptionalLong.of(bounds[0]);
  }

  /** Number of blocks in the set. */
  public long blockCount() {
    long total = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      total += bounds[i + 1] - bounds[i] + 1;
    }
    return total;
  }

  /** The ranges, lowest first. */
  public List<BlockRange> ranges() {
    List<BlockRange> out = new ArrayList<>(bounds.length / 2);
    for (int i = 0; i < bounds.length; i += 2) {
      out.add(new BlockRange(bounds[i], bounds[i + 1]));
    }
    return Collections.unmodifiableList(out);
  }

  /** The blocks of {@code [from, to]} not in this set, as ranges, lowest first. */
  public List<BlockRange> missingWithin(long from, long to) {
    new BlockRange(from, to); // validates
    List<BlockRange> missing = new ArrayList<>();
    long next = from;
    for (int i = 0; i < bounds.length && next <= to; i += 2) {
      if (bounds[i + 1] < next) {
        continue;
      }
      if (bounds[i] > next) {
        missing.add(new BlockRange(next, Math.min(to, bounds[i] - 1)));
      }
      next = bounds[i + 1] + 1;
    }
    if (next <= to) {
      missing.add(new BlockRange(next, to));
    }
    return Collections.unmodifiableList(missing);
  }

  /** Raw bounds for the codec: from0, to0, from1, to1, ... (a copy). */
  long[] bounds() {
    return bounds.clone();
  }

  /** Rebuilds a set from bounds written by {@link #bounds()}; rejects anything not canonical. */
  static RangeSet fromBounds(long[] bounds) {
    if (bounds.length % 2 != 0) {
      throw new IllegalArgumentException("odd number of range bounds: " + bounds.length);
    }
    for (int i = 0; i < bounds.length; i += 2) {
      new BlockRange(bounds[i], bounds[i + 1]);
      if (i > 0 && bounds[i] <= bounds[i - 1] + 1) {
        throw new IllegalArgumentException("ranges not sorted and disjoint at index " + i / 2);
      }
    }
    return new RangeSet(bounds.clone());
  }

  /** Index in {@code bounds} of the from-bound of the range holding {@code number}, or -1. */
  private int indexOfRangeContaining(long number) {
    int lo = 0;
    int hi = bounds.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (bounds[2 * mid + 1] < number) {
        lo = mid + 1;
      } else if (bounds[2 * mid] > number) {
        hi = mid - 1;
      } else {
        return 2 * mid;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangeSet r && Arrays.equals(bounds, r.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    return ranges().toString();
  }
}
