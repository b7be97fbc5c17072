package io.ethfollow.rlp;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Canonical RLP encoder into one growable array. Lists are opened with {@link #startList()} and closed
 * with {@link #endList()}, which inserts the list header in front of the payload (one move of the
 * payload per nesting level, so cost is linear for the shallow nesting Ethereum uses). Not thread-safe.
 */
public final class RlpWriter {
  private byte[] buf;
  private int size;
  private int[] listStarts = new int[8];
  private int depth;

  public RlpWriter() {
    this(256);
  }

  public RlpWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Writes a byte string. */
  public RlpWriter writeBytes(byte[] value) {
    return writeBytes(value, 0, value.length);
  }

  public RlpWriter writeBytes(byte[] value, int offset, int length) {
    if (length == 1 && (value[offset] & 0xff) < 0x80) {
      ensure(1);
      buf[size++] = value[offset];
      return this;
    }
    writeHeader(0x80, length);
    ensure(length);
    System.arraycopy(value, offset, buf, size, length);
    size += length;
    return this;
  }

  /** Writes an unsigned integer in minimal big-endian form (0 is the empty string). */
  public RlpWriter writeLong(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("RLP integers are unsigned: " + value);
    }
    if (value == 0) {
      ensure(1);
      buf[size++] = (byte) 0x80;
      return this;
    }
    if (value < 0x80) {
      ensure(1);
      buf[size++] = (byte) value;
      return this;
    }
    int n = byteLength(value);
    ensure(1 + n);
    buf[size++] = (byte) (0x80 + n);
    for (int i = n - 1; i >= 0; i--) {
      buf[size++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  /** Writes a non-negative big integer in minimal big-endian form. */
  public RlpWriter writeBigInteger(BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("RLP integers are unsigned: " + value);
    }
    if (value.bitLength() < 64) {
      return writeLong(value.longValue());
    }
    byte[] b = value.toByteArray();
    int off = b[0] == 0 ? 1 : 0;
    return writeBytes(b, off, b.length - off);
  }

  /** Copies an already-encoded item (for example a stored header) verbatim. */
  public RlpWriter writeRaw(byte[] encoded) {
    ensure(encoded.length);
    System.arraycopy(encoded, 0, buf, size, encoded.length);
    size += encoded.length;
    return this;
  }

  public RlpWriter startList() {
    if (depth == listStarts.length) {
      listStarts = Arrays.copyOf(listStarts, depth * 2);
    }
    listStarts[depth++] = size;
    return this;
  }

  public RlpWriter endList() {
    if (depth == 0) {
      throw new IllegalStateException("endList without startList");
    }
    int start = listStarts[--depth];
    int payload = size - start;
    int headerLen = payload <= 55 ? 1 : 1 + byteLength(payload);
    ensure(headerLen);
    System.arraycopy(buf, start, buf, start + headerLen, payload);
    if (payload <= 55) {
      buf[start] = (byte) (0xc0 + payload);
    } else {
      int n = headerLen - 1;
      buf[start] = (byte) (0xf7 + n);
      for (int i = 0; i < n; i++) {
        buf[start + 1 + i] = (byte) (payload >>> (8 * (n - 1 - i)));
      }
    }
    size += headerLen;
    return this;
  }

  /** The encoding written so far; all lists must be closed. */
  public byte[] toByteArray() {
    if (depth != 0) {
      throw new IllegalStateException(depth + " list(s) still open");
    }
    return Arrays.copyOf(buf, size);
  }

  public int size() {
    return size;
  }

  private void writeHeader(int base, int length) {
    if (length <= 55) {
      ensure(1);
      buf[size++] = (byte) (base + length);
    } else {
      int n = byteLength(length);
      ensure(1 + n);
      buf[size++] = (byte) (base + 55 + n);
      for (int i = n - 1; i >= 0; i--) {
        buf[size++] = (byte) (length >>> (8 * i));
      }
    }
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  static int byteLength(long v) {
    return (64 - Long.numberOfLeadingZeros(v) + 7) / 8;
  }
}
