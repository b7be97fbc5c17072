package io.ethfollow.devnet;

/**
 * A tiny deterministic random source (SplitMix64): the same seed parts give the same sequence on
 * every machine and JVM, which is what makes a devnet block a pure function of (seed, height,
 * branch). Not cryptographic and not thread-safe: each generating thread makes its own per block.
 */
final class Rng {
  /** The SplitMix64 increment (2^64 / golden ratio): consecutive states stay well spread. */
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long state;

  /** A stream keyed by every part, in order (seed, height, branch, purpose...). */
  Rng(long... parts) {
    long s = GOLDEN;
    for (long p : parts) {
      s = mix(s + GOLDEN + p);
    }
    this.state = s;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    return (int) ((nextLong() >>> 1) % bound);
  }

  /** Uniform in [from, to] inclusive. */
  int between(int from, int to) {
    return from + nextInt(to - from + 1);
  }

  /** True with probability {@code p}. */
  boolean chance(double p) {
    return nextDouble() < p;
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Fills {@code len} bytes of {@code out} from {@code off}. */
  void fill(byte[] out, int off, int len) {
    int i = 0;
    while (i < len) {
      long v = nextLong();
      for (int b = 0; b < 8 && i < len; b++, i++) {
        out[off + i] = (byte) (v >>> (8 * b));
      }
    }
  }

  byte[] bytes(int len) {
    byte[] out = new byte[len];
    fill(out, 0, len);
    return out;
  }

  /** {@code len} random bytes whose first byte is not zero: a canonical RLP integer of that width. */
  byte[] uintBytes(int len) {
    byte[] out = bytes(len);
    if (out[0] == 0) {
      out[0] = 1;
    }
    return out;
  }
}
