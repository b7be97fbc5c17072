package io.ethfollow.rlp;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Strict, allocation-light RLP decoder over a byte array window. Rejects every non-canonical form:
 * a single byte below 0x80 wrapped in a string header, long-form lengths that fit the short form,
 * lengths with leading zero bytes, items overrunning their enclosing list, integers with leading zero
 * bytes, and (via {@link #ensureDone()}) trailing bytes. Not thread-safe; a reader is a cursor.
 *
 * <p>Nested lists are read with {@link #readList()}, which returns a new reader over the list payload
 * and advances this one past the list.
 */
public final class RlpReader {
  private final byte[] data;
  private int pos;
  private final int end;

  // Decoded header of the item at headerAt (filled by header()). Callers often ask about the same
  // item twice (nextIsList() then readBytes()), so the parse is reused while pos has not moved.
  private int headerAt = -1;
  private int payloadStart;
  private int payloadLength;
  private boolean isList;

  public RlpReader(byte[] data) {
    this(data, 0, data.length);
  }

  public RlpReader(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IllegalArgumentException("window outside array");
    }
    this.data = data;
    this.pos = offset;
    this.end = offset + length;
  }

  /** True when another item follows in this reader's window. */
  public boolean hasNext() {
    return pos < end;
  }

  /** Offset of the cursor in the underlying array. */
  public int position() {
    return pos;
  }

  /** Throws unless every byte of the window has been consumed. */
  public void ensureDone() {
    if (pos != end) {
      throw new RlpException("trailing bytes: " + (end - pos) + " after item at offset " + pos);
    }
  }

  /** True if the next item is a list. */
  public boolean nextIsList() {
    header();
    return isList;
  }

  /** Counts the items left in this window without consuming them (also when one is malformed). */
  public int remainingItems() {
    int saved = pos;
    int n = 0;
    try {
      while (pos < end) {
        skip();
        n++;
      }
    } finally {
      pos = saved;
    }
    return n;
  }

  /** Enters the next item, which must be a list, and returns a reader over its payload. */
  public RlpReader readList() {
    header();
    if (!isList) {
      throw new RlpException("expected a list at offset " + pos + ", found a string");
    }
    RlpReader inner = new RlpReader(data, payloadStart, payloadLength);
    pos = payloadStart + payloadLength;
    return inner;
  }

  /** Reads the next item, which must be a string, and returns a copy of its payload. */
  public byte[] readBytes() {
    header();
    if (isList) {
      throw new RlpException("expected a string at offset " + pos + ", found a list");
    }
    byte[] out = Arrays.copyOfRange(data, payloadStart, payloadStart + payloadLength);
    pos = payloadStart + payloadLength;
    return out;
  }

  /** Reads a string that must be exactly {@code length} bytes long (hashes, addresses, blooms). */
  public byte[] readFixed(int length) {
    int at = pos;
    header();
    if (!isList && payloadLength != length) {
      throw new RlpException(
          "expected " + length + " bytes at offset " + at + ", found " + payloadLength);
    }
    return readBytes();
  }

  /** Reads a canonical unsigned integer that fits in a signed long (max 2^63-1). */
  public long readLong() {
    int at = pos;
    header();
    if (isList) {
      throw new RlpException("expected an integer at offset " + at + ", found a list");
    }
    if (payloadLength > 8) {
      throw new RlpException("integer too large at offset " + at + ": " + payloadLength + " bytes");
    }
    if (payloadLength > 0 && data[payloadStart] == 0) {
      throw new RlpException("integer with leading zero byte at offset " + at);
    }
    long v = 0;
    for (int i = 0; i < payloadLength; i++) {
      v = (v << 8) | (data[payloadStart + i] & 0xff);
    }
    if (v < 0) {
      throw new RlpException("integer exceeds 2^63-1 at offset " + at);
    }
    pos = payloadStart + payloadLength;
    return v;
  }

  /** Reads a canonical unsigned integer of at most {@code maxBytes} bytes as a BigInteger. */
  public BigInteger readBigInteger(int maxBytes) {
    int at = pos;
    header();
    if (isList) {
      throw new RlpException("expected an integer at offset " + at + ", found a list");
    }
    if (payloadLength > maxBytes) {
      throw new RlpException("integer longer than " + maxBytes + " bytes at offset " + at);
    }
    if (payloadLength > 0 && data[payloadStart] == 0) {
      throw new RlpException("integer with leading zero byte at offset " + at);
    }
    BigInteger v =
        payloadLength == 0
            ? BigInteger.ZERO
            : new BigInteger(1, Arrays.copyOfRange(data, payloadStart, payloadStart + payloadLength));
    pos = payloadStart + payloadLength;
    return v;
  }

  /** Returns a copy of the complete encoding (header + payload) of the next item and skips it. */
  public byte[] readRaw() {
    int start = pos;
    skip();
    return Arrays.copyOfRange(data, start, pos);
  }

  /** Skips the next item, validating its header. */
  public void skip() {
    header();
    pos = payloadStart + payloadLength;
  }

  /** Payload length of the next item (after validating its header). */
  public int nextPayloadLength() {
    header();
    return payloadLength;
  }

  /**
   * Parses the header at pos into payloadStart/payloadLength/isList, enforcing canonical form and
   * bounds. Does not move pos.
   */
  private void header() {
    if (headerAt == pos) {
      return;
    }
    if (pos >= end) {
      throw new RlpException("unexpected end of input at offset " + pos);
    }
    int b = data[pos] & 0xff;
    if (b < 0x80) {
      payloadStart = pos;
      payloadLength = 1;
      isList = false;
      headerAt = pos;
      return;
    }
    if (b <= 0xb7) {
      int len = b - 0x80;
      if (len == 1) {
        require(pos + 1);
        if ((data[pos + 1] & 0xff) < 0x80) {
          throw new RlpException("non-canonical single byte at offset " + pos);
        }
      }
      set(pos + 1, len, false);
      return;
    }
    if (b <= 0xbf) {
      set(longForm(b - 0xb7), lastLongLength, false);
      return;
    }
    if (b <= 0xf7) {
      set(pos + 1, b - 0xc0, true);
      return;
    }
    set(longForm(b - 0xf7), lastLongLength, true);
  }

  private int lastLongLength;

  /** Reads a long-form length of {@code n} bytes after pos; returns the payload start. */
  private int longForm(int n) {
    require(pos + n);
    if (data[pos + 1] == 0) {
      throw new RlpException("length with leading zero byte at offset " + pos);
    }
    if (n > 4) {
      throw new RlpException("length of " + n + " bytes is too large at offset " + pos);
    }
    long len = 0;
    for (int i = 1; i <= n; i++) {
      len = (len << 8) | (data[pos + i] & 0xff);
    }
    if (len <= 55) {
      throw new RlpException("long-form length " + len + " should be short form at offset " + pos);
    }
    if (len > Integer.MAX_VALUE) {
      throw new RlpException("length " + len + " too large at offset " + pos);
    }
    lastLongLength = (int) len;
    return pos + 1 + n;
  }

  private void set(int start, int length, boolean list) {
    if ((long) start + length > end) {
      throw new RlpException(
          "item at offset " + pos + " declares " + length + " bytes but only " + (end - start)
              + " remain");
    }
    payloadStart = start;
    payloadLength = length;
    isList = list;
    headerAt = pos;
  }

  private void require(int lastIndex) {
    if (lastIndex >= end) {
      throw new RlpException("truncated header at offset " + pos);
    }
  }
}
