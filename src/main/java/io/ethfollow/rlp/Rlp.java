package io.ethfollow.rlp;

/** One-shot RLP helpers for small values; use {@link RlpWriter} to build larger structures. */
public final class Rlp {
  /** The encoding of the empty string (also integer zero). */
  public static final byte[] EMPTY_STRING = {(byte) 0x80};

  /** The encoding of the empty list. */
  public static final byte[] EMPTY_LIST = {(byte) 0xc0};

  private Rlp() {}

  public static byte[] encodeBytes(byte[] value) {
    return new RlpWriter(value.length + 5).writeBytes(value).toByteArray();
  }

  public static byte[] encodeLong(long value) {
    return new RlpWriter(16).writeLong(value).toByteArray();
  }

  /** Wraps already-encoded items in a list. */
  public static byte[] encodeList(byte[]... encodedItems) {
    int total = 0;
    for (byte[] item : encodedItems) {
      total += item.length;
    }
    RlpWriter w = new RlpWriter(total + 5).startList();
    for (byte[] item : encodedItems) {
      w.writeRaw(item);
    }
    return w.endList().toByteArray();
  }

  /** Decodes a whole buffer that must hold exactly one string item. */
  public static byte[] decodeBytes(byte[] encoded) {
    RlpReader r = new RlpReader(encoded);
    byte[] v = r.readBytes();
    r.ensureDone();
    return v;
  }
}
