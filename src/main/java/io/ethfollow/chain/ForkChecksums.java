package io.ethfollow.chain;

import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * The EIP-2124 / EIP-6122 view of a fork schedule: the distinct activation points that count as forks
 * (block forks first, ascending, then timestamp forks, ascending; a fork at block 0 or at or before
 * the genesis time is part of genesis, not a fork) and the running CRC32 after each of them. Built
 * once per chain spec; immutable and thread-safe.
 */
public final class ForkChecksums {
  private final long[] activations;
  private final int blockForkCount;
  /** sums[i] is the checksum over the genesis hash and activations[0..i-1]; sums[0] is genesis only. */
  private final int[] sums;

  private ForkChecksums(long[] activations, int blockForkCount, int[] sums) {
    this.activations = activations;
    this.blockForkCount = blockForkCount;
    this.sums = sums;
  }

  /**
   * Collects the fork points of a schedule.
   *
   * @param genesisHash the network's genesis block hash (start of the checksum)
   * @param genesisTime timestamp of the genesis block; time forks at or before it are not forks
   * @param forks the schedule in any order; duplicates of one block or time count once
   */
  public static ForkChecksums of(Hash genesisHash, long genesisTime, List<Fork> forks) {
    TreeSet<Long> blocks = new TreeSet<>();
    TreeSet<Long> times = new TreeSet<>();
    for (Fork f : forks) {
      if (f.basis() == Fork.Basis.BLOCK) {
        if (f.at() > 0) {
          blocks.add(f.at());
        }
      } else if (f.at() > genesisTime) {
        times.add(f.at());
      }
    }
    long[] activations = new long[blocks.size() + times.size()];
    int n = 0;
    for (long b : blocks) {
      activations[n++] = b;
    }
    for (long t : times) {
      activations[n++] = t;
    }
    int[] sums = new int[activations.length + 1];
    CRC32 crc = new CRC32();
    crc.update(genesisHash.toArray());
    sums[0] = (int) crc.getValue();
    byte[] be = new byte[Long.BYTES];
    for (int i = 0; i < activations.length; i++) {
      for (int k = 0; k < Long.BYTES; k++) {
        be[k] = (byte) (activations[i] >>> (8 * (Long.BYTES - 1 - k)));
      }
      crc.update(be);
      sums[i + 1] = (int) crc.getValue();
    }
    return new ForkChecksums(activations, blocks.size(), sums);
  }

  /** The fork id a node announces when its head block has this number and timestamp. */
  public ForkId forkId(long headNumber, long headTime) {
    int i = firstUnpassed(headNumber, headTime);
    return new ForkId(sums[i], i < activations.length ? activations[i] : 0);
  }

  /**
   * Index of the first fork not yet active at (number, time); {@link #forkCount()} when all are.
   * Block forks are compared with the number, timestamp forks with the time.
   */
  int firstUnpassed(long headNumber, long headTime) {
    int i = 0;
    while (i < activations.length && passed(i, headNumber, headTime)) {
      i++;
    }
    return i;
  }

  private boolean passed(int index, long headNumber, long headTime) {
    long head = index < blockForkCount ? headNumber : headTime;
    return Long.compareUnsigned(head, activations[index]) >= 0;
  }

  /** Number of distinct fork points (excluding genesis). */
  public int forkCount() {
    return activations.length;
  }

  /** Number of those that are block numbers; the rest are timestamps. */
  int blockForkCount() {
    return blockForkCount;
  }

  /** Activation block or time of fork point {@code index}. */
  long activation(int index) {
    return activations[index];
  }

  /** Checksum after the first {@code passed} fork points (0 = genesis only). */
  int checksum(int passed) {
    return sums[passed];
  }
}
