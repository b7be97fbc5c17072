package io.ethfollow.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ethfollow.chain.Hash;
import io.ethfollow.rlp.Hex;

/**
 * A call's positional parameters with typed readers that fail with invalid-params (-32602) and a
 * message naming the parameter, as geth's do. Absent trailing optional parameters are allowed.
 */
public final class RpcParams {
  /** A quantity is at most 64 bits here: block numbers, indexes and counts. */
  private static final int MAX_QUANTITY_DIGITS = 16;

  private final String method;
  private final ArrayNode params;

  public RpcParams(String method, ArrayNode params) {
    this.method = method;
    this.params = params;
  }

  /** Fails unless there are between {@code min} and {@code max} parameters. */
  public RpcParams expect(int min, int max) {
    if (params.size() < min) {
      throw RpcException.invalidParams(
          "missing value for required argument " + params.size() + " of " + method);
    }
    if (params.size() > max) {
      throw RpcException.invalidParams(
          "too many arguments, want at most " + max + " for " + method);
    }
    return this;
  }

  /** geth's prefix for a parameter error, which client libraries and tests match on. */
  static String arg(int i) {
    return "invalid argument " + i;
  }

  public int size() {
    return params.size();
  }

  public JsonNode raw(int i) {
    return i < params.size() ? params.get(i) : null;
  }

  public Hash hash(int i) {
    JsonNode n = raw(i);
    if (n == null || !n.isTextual()) {
      throw RpcException.invalidParams(arg(i) + ": expected a 32-byte hex hash");
    }
    return hash(n.asText(), arg(i));
  }

  public static Hash hash(String text, String what) {
    byte[] b = data(text, what);
    if (b.length != Hash.SIZE) {
      throw RpcException.invalidParams(what + ": hex string has length " + 2 * b.length
          + ", want 64 for a 32-byte hash");
    }
    return Hash.of(b);
  }

  public static byte[] data(String text, String what) {
    if (!text.startsWith("0x") && !text.startsWith("0X")) {
      throw RpcException.invalidParams(what + ": hex string without 0x prefix");
    }
    try {
      return Hex.decode(text);
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidParams(what + ": " + e.getMessage());
    }
  }

  public BlockTag blockTag(int i) {
    JsonNode n = raw(i);
    if (n == null || !n.isTextual()) {
      throw RpcException.invalidParams(arg(i) + ": expected a block number or tag");
    }
    return BlockTag.parse(n.asText(), arg(i));
  }

  public boolean bool(int i, boolean absent) {
    JsonNode n = raw(i);
    if (n == null || n.isNull()) {
      return absent;
    }
    if (!n.isBoolean()) {
      throw RpcException.invalidParams(arg(i) + ": expected true or false");
    }
    return n.asBoolean();
  }

  public long quantity(int i) {
    JsonNode n = raw(i);
    if (n == null || !n.isTextual()) {
      throw RpcException.invalidParams(arg(i) + ": expected a hex quantity");
    }
    return quantity(n.asText(), arg(i));
  }

  /** A canonical hex quantity: 0x, no leading zeros (0x0 for zero), at most 64 bits. */
  public static long quantity(String text, String what) {
    if (!text.startsWith("0x")) {
      throw RpcException.invalidParams(what + ": hex string without 0x prefix");
    }
    String digits = text.substring(2);
    if (digits.isEmpty()) {
      throw RpcException.invalidParams(what + ": hex string \"0x\"");
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      throw RpcException.invalidParams(what + ": hex number with leading zero digits");
    }
    if (digits.length() > MAX_QUANTITY_DIGITS) {
      throw RpcException.invalidParams(what + ": hex number > 64 bits");
    }
    try {
      return Long.parseUnsignedLong(digits, 16);
    } catch (NumberFormatException e) {
      throw RpcException.invalidParams(what + ": invalid hex number '" + text + "'");
    }
  }
}
