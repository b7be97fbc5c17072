package io.ethfollow.chain;

import io.ethfollow.rlp.Hex;
import java.util.Arrays;

/** An immutable 32-byte value: block, transaction and trie hashes. Equality is by content. */
public final class Hash implements Comparable<Hash> {
  public static final int SIZE = 32;

  /** All zeros: the genesis parent hash and the placeholder in pre-merge header fields. */
  public static final Hash ZERO = new Hash(new byte[SIZE]);

  /** keccak256(rlp("")): the root of an empty trie. */
  public static final Hash EMPTY_TRIE = keccakOf(new byte[] {(byte) 0x80});

  /** keccak256(rlp([])): the ommers hash of a block without uncles. */
  public static final Hash EMPTY_LIST = keccakOf(new byte[] {(byte) 0xc0});

  /** keccak256(""): the code hash of an account without code. */
  public static final Hash EMPTY_CODE = keccakOf(new byte[0]);

  private final byte[] bytes;
  private final int hashCode;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
    this.hashCode = Arrays.hashCode(bytes);
  }

  /** Copies 32 bytes into a new hash. */
  public static Hash of(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("a hash has 32 bytes, got " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /** Takes ownership of a freshly computed 32-byte array (the caller must not modify it). */
  static Hash wrap(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("a hash has 32 bytes, got " + bytes.length);
    }
    return new Hash(bytes);
  }

  public static Hash fromHex(String hex) {
    return wrap(Hex.decode(hex));
  }

  public static Hash keccakOf(byte[] data) {
    return new Hash(Keccak.hash(data));
  }

  public static Hash keccakOf(byte[] data, int offset, int length) {
    return new Hash(Keccak.hash(data, offset, length));
  }

  /** A copy of the 32 bytes. */
  public byte[] toArray() {
    return bytes.clone();
  }

  /** Copies the bytes into {@code dest} at {@code offset}. */
  public void copyTo(byte[] dest, int offset) {
    System.arraycopy(bytes, 0, dest, offset, SIZE);
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  /** First 8 hex digits, for logs. */
  public String toShortHex() {
    return Hex.encodeNoPrefix(Arrays.copyOf(bytes, 4));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public int compareTo(Hash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
