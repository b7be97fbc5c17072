package io.ethfollow.chain;

import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import java.math.BigInteger;

/**
 * An EIP-2124 fork identifier: {@code hash} is the CRC32 over the genesis hash and every fork block
 * or timestamp the chain has passed; {@code next} is the next scheduled fork block or timestamp, or 0
 * when none is known. Both are carried in eth Status as {@code rlp([hash(4 bytes), next])}.
 *
 * <p>{@code next} is an unsigned 64-bit value held in a {@code long}: peers announce values up to
 * 2^64-1, which read back negative here. Compare it with {@link Long#compareUnsigned}. Immutable and
 * thread-safe.
 */
public record ForkId(int hash, long next) {
  /** The fork hash is a CRC32 checksum: four bytes on the wire. */
  public static final int HASH_SIZE = 4;

  /** The announced next fork is an unsigned 64-bit integer on the wire. */
  private static final int NEXT_MAX_BYTES = 8;

  /** The fork hash as four big-endian bytes, as it is sent on the wire. */
  public byte[] hashBytes() {
    return new byte[] {(byte) (hash >>> 24), (byte) (hash >>> 16), (byte) (hash >>> 8), (byte) hash};
  }

  /** {@code rlp([hash, next])}. */
  public byte[] encode() {
    RlpWriter w = new RlpWriter(16);
    writeTo(w);
    return w.toByteArray();
  }

  /** Appends {@code [hash, next]} to a writer (for the eth Status message). */
  public void writeTo(RlpWriter w) {
    w.startList().writeBytes(hashBytes()).writeBigInteger(unsignedNext()).endList();
  }

  /**
   * Decodes exactly one {@code [hash, next]} list.
   *
   * @throws RlpException when the bytes are not a canonical fork id
   */
  public static ForkId decode(byte[] rlp) {
    RlpReader r = new RlpReader(rlp);
    ForkId id = readFrom(r);
    r.ensureDone();
    return id;
  }

  /** Reads a {@code [hash, next]} list at the reader's cursor and advances past it. */
  public static ForkId readFrom(RlpReader reader) {
    RlpReader list = reader.readList();
    byte[] h = list.readFixed(HASH_SIZE);
    BigInteger n = list.readBigInteger(NEXT_MAX_BYTES);
    list.ensureDone();
    int hash = ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    return new ForkId(hash, n.longValue());
  }

  /** {@code next} as a non-negative BigInteger (values above 2^63-1 included). */
  public BigInteger unsignedNext() {
    return new BigInteger(Long.toUnsignedString(next));
  }

  /** The hash as 0x-prefixed eight hex digits, as fork hashes are usually written. */
  public String hashHex() {
    return String.format("0x%08x", hash);
  }

  @Override
  public String toString() {
    return "ForkId{hash=" + hashHex() + ", next=" + Long.toUnsignedString(next) + "}";
  }
}
