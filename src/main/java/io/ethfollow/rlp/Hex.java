package io.ethfollow.rlp;

/** Hex text to bytes and back; accepts an optional 0x prefix and surrounding whitespace when parsing. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Lower-case hex with a 0x prefix. */
  public static String encode(byte[] bytes) {
    return "0x" + encodeNoPrefix(bytes);
  }

  public static String encodeNoPrefix(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Parses hex text (optional 0x, surrounding whitespace ignored).
   *
   * @throws IllegalArgumentException on odd length or a non-hex character, naming its position
   */
  public static byte[] decode(CharSequence text) {
    String s = text.toString().strip();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    if ((s.length() & 1) != 0) {
      throw new IllegalArgumentException("hex text has an odd number of digits (" + s.length() + ")");
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not a hex digit at position " + (hi < 0 ? 2 * i : 2 * i + 1));
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }
}
