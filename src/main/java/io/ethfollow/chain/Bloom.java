package io.ethfollow.chain;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The 2048-bit (256-byte) logs bloom of the yellow paper: for the address and every topic of every
 * log, three bits are set, each taken from one pair of bytes (0-1, 2-3, 4-5) of the value's keccak256,
 * using the low 11 bits of the pair. Bit {@code b} lives in byte {@code 255 - b / 8}. Stateless
 * helpers over plain arrays; thread-safe.
 */
public final class Bloom {
  /** 2048 bits. */
  public static final int SIZE = 256;
  /** 2048 bits need 11 bits of index. */
  private static final int INDEX_MASK = 0x7ff;
  /** Three bits per added value. */
  private static final int BITS_PER_VALUE = 3;

  private Bloom() {}

  /** A new bloom of the given logs. */
  public static byte[] of(List<Log> logs) {
    return new Memo().of(logs);
  }

  /** Sets the three bits of {@code value} in {@code bloom}. */
  public static void add(byte[] bloom, byte[] value) {
    set(bloom, bitsOf(value));
  }

  /**
   * The three bit positions of {@code value} (packed), to test against many blooms without hashing
   * it again: a log filter checks one address or topic against every header bloom of a range.
   */
  public static long positions(byte[] value) {
    return bitsOf(value);
  }

  /** Whether {@code bloom} has all three bits of {@code positions}: false means surely absent. */
  public static boolean mayContain(byte[] bloom, long positions) {
    for (int i = 0; i < BITS_PER_VALUE; i++) {
      int bit = (int) (positions >>> (16 * i)) & INDEX_MASK;
      if ((bloom[SIZE - 1 - bit / 8] & (1 << (bit % 8))) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The three bit indices of a value, packed 16 bits each. */
  private static long bitsOf(byte[] value) {
    byte[] h = Keccak.hash(value);
    long packed = 0;
    for (int i = 0; i < BITS_PER_VALUE; i++) {
      int bit = (((h[2 * i] & 0xff) << 8) | (h[2 * i + 1] & 0xff)) & INDEX_MASK;
      packed |= (long) bit << (16 * i);
    }
    return packed;
  }

  private static void set(byte[] bloom, long packed) {
    for (int i = 0; i < BITS_PER_VALUE; i++) {
      int bit = (int) (packed >>> (16 * i)) & INDEX_MASK;
      bloom[SIZE - 1 - bit / 8] |= (byte) (1 << (bit % 8));
    }
  }

  /**
   * Blooms for many receipts of one block, remembering the bits of each address and topic: the same
   * token contracts and event signatures recur across a block's logs, so most keccaks are skipped.
   * Not thread-safe; use one per receipt list.
   */
  public static final class Memo {
    private final Map<ByteBuffer, Long> bits = new HashMap<>();

    /** A new bloom of the given logs. */
    public byte[] of(List<Log> logs) {
      byte[] bloom = new byte[SIZE];
      for (Log log : logs) {
        add(bloom, log.address());
        for (Hash topic : log.topics()) {
          add(bloom, topic.toArray());
        }
      }
      return bloom;
    }

    private void add(byte[] bloom, byte[] value) {
      ByteBuffer key = ByteBuffer.wrap(value);
      Long packed = bits.get(key);
      if (packed == null) {
        packed = bitsOf(value);
        bits.put(key, packed);
      }
      set(bloom, packed);
    }
  }

  /** ORs {@code other} into {@code acc}. */
  public static void or(byte[] acc, byte[] other) {
    for (int i = 0; i < SIZE; i++) {
      acc[i] |= other[i];
    }
  }
}
