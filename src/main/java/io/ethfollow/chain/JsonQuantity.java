package io.ethfollow.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.rlp.Hex;
import java.math.BigInteger;

/**
 * Reads numbers and byte strings out of chain definition JSON, where a number may be a JSON number,
 * a decimal string or a 0x-prefixed hex string, and may exceed 2^64 (balances). Every failure is a
 * {@link GenesisException} naming the key. Stateless and thread-safe.
 */
final class JsonQuantity {
  /** Hex digits beyond this are not a uint256 quantity and are refused before parsing. */
  private static final int MAX_HEX_DIGITS = 64;

  private JsonQuantity() {}

  /** A non-negative integer of any size. */
  static BigInteger big(JsonNode node, String key) {
    if (node == null || node.isNull()) {
      throw new GenesisException(key + ": missing");
    }
    if (node.isIntegralNumber()) {
      return nonNegative(node.bigIntegerValue(), key);
    }
    if (node.isNumber()) {
      throw new GenesisException(key + ": not an integer: " + node.asText());
    }
    if (!node.isTextual()) {
      throw new GenesisException(key + ": expected a number, found " + node.getNodeType());
    }
    String text = node.asText().strip();
    try {
      if (text.startsWith("0x") || text.startsWith("0X")) {
        String digits = text.substring(2);
        if (digits.isEmpty() || digits.length() > MAX_HEX_DIGITS) {
          throw new GenesisException(key + ": not a hex quantity: \"" + text + "\"");
        }
        return new BigInteger(digits, 16);
      }
      if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
        throw new GenesisException(key + ": not a number: \"" + text + "\"");
      }
      return new BigInteger(text, 10);
    } catch (NumberFormatException e) {
      throw new GenesisException(key + ": not a hex quantity: \"" + text + "\"", e);
    }
  }

  /** A non-negative integer that must fit in a signed long (block numbers, times, chain ids). */
  static long longValue(JsonNode node, String key) {
    BigInteger v = big(node, key);
    if (v.bitLength() > 63) {
      throw new GenesisException(key + ": " + v + " is too large");
    }
    return v.longValue();
  }

  /** An optional integer: null when the key is absent or JSON null. */
  static BigInteger optionalBig(JsonNode parent, String key) {
    JsonNode n = parent.get(key);
    return n == null || n.isNull() ? null : big(n, key);
  }

  /** Hex bytes of exactly {@code size} bytes (hashes, addresses). */
  static byte[] fixedBytes(JsonNode node, String key, int size) {
    byte[] b = bytes(node, key);
    if (b.length != size) {
      throw new GenesisException(key + ": expected " + size + " bytes, found " + b.length);
    }
    return b;
  }

  /** Hex bytes of any length (extraData, code). */
  static byte[] bytes(JsonNode node, String key) {
    if (node == null || node.isNull()) {
      throw new GenesisException(key + ": missing");
    }
    if (!node.isTextual()) {
      throw new GenesisException(key + ": expected a hex string, found " + node.getNodeType());
    }
    try {
      return Hex.decode(node.asText());
    } catch (IllegalArgumentException e) {
      throw new GenesisException(key + ": " + e.getMessage(), e);
    }
  }

  /** A quantity as exactly {@code size} big-endian bytes, left-padded (nonce, storage words). */
  static byte[] padded(BigInteger value, int size, String key) {
    if (value.bitLength() > size * 8) {
      throw new GenesisException(key + ": does not fit in " + size + " bytes");
    }
    byte[] raw = value.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
    return out;
  }

  private static BigInteger nonNegative(BigInteger v, String key) {
    if (v.signum() < 0) {
      throw new GenesisException(key + ": negative value " + v);
    }
    return v;
  }
}
