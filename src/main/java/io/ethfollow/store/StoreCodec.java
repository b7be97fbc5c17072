package io.ethfollow.store;

import io.ethfollow.chain.Hash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Encodes and decodes the fixed-layout keys and values of {@link StoreSchema}. Stateless. */
final class StoreCodec {
  /** Format byte of the completed-ranges value, so its layout can change without a new schema. */
  private static final byte RANGES_FORMAT = 1;

  private StoreCodec() {}

  static byte[] longBytes(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  static long readLong(byte[] bytes, String what) {
    if (bytes.length != Long.BYTES) {
      throw new StoreCorruptionException(what + " has " + bytes.length + " bytes, expected 8");
    }
    return ByteBuffer.wrap(bytes).getLong();
  }

  static byte[] intBytes(int value) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
  }

  static int readInt(byte[] bytes, String what) {
    if (bytes.length != Integer.BYTES) {
      throw new StoreCorruptionException(what + " has " + bytes.length + " bytes, expected 4");
    }
    return ByteBuffer.wrap(bytes).getInt();
  }

  static Hash readHash(byte[] bytes, String what) {
    if (bytes.length != Hash.SIZE) {
      throw new StoreCorruptionException(what + " has " + bytes.length + " bytes, expected 32");
    }
    return Hash.of(bytes);
  }

  static byte[] txLocation(long number, int index) {
    return ByteBuffer.allocate(Long.BYTES + Integer.BYTES).putLong(number).putInt(index).array();
  }

  static TxLocation readTxLocation(byte[] bytes) {
    if (bytes.length != Long.BYTES + Integer.BYTES) {
      throw new StoreCorruptionException("tx index entry has " + bytes.length + " bytes, expected 12");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new TxLocation(b.getLong(), b.getInt());
  }

  static byte[] hashList(List<Hash> hashes) {
    byte[] out = new byte[hashes.size() * Hash.SIZE];
    for (int i = 0; i < hashes.size(); i++) {
      hashes.get(i).copyTo(out, i * Hash.SIZE);
    }
    return out;
  }

  static List<byte[]> readHashList(byte[] bytes) {
    if (bytes.length % Hash.SIZE != 0) {
      throw new StoreCorruptionException("tx hash list of " + bytes.length + " bytes");
    }
    List<byte[]> out = new ArrayList<>(bytes.length / Hash.SIZE);
    for (int off = 0; off < bytes.length; off += Hash.SIZE) {
      byte[] h = new byte[Hash.SIZE];
      System.arraycopy(bytes, off, h, 0, Hash.SIZE);
      out.add(h);
    }
    return out;
  }

  static byte[] ranges(RangeSet set) {
    long[] bounds = set.bounds();
    ByteBuffer b = ByteBuffer.allocate(1 + bounds.length * Long.BYTES).put(RANGES_FORMAT);
    for (long bound : bounds) {
      b.putLong(bound);
    }
    return b.array();
  }

  static RangeSet readRanges(byte[] bytes) {
    if (bytes.length < 1 || bytes[0] != RANGES_FORMAT
        || (bytes.length - 1) % (2 * Long.BYTES) != 0) {
      throw new StoreCorruptionException("completed-ranges record is malformed ("
          + bytes.length + " bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    long[] bounds = new long[(bytes.length - 1) / Long.BYTES];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = b.getLong();
    }
    try {
      return RangeSet.fromBounds(bounds);
    } catch (IllegalArgumentException e) {
      throw new StoreCorruptionException("completed-ranges record is malformed: " + e.getMessage(), e);
    }
  }
}
