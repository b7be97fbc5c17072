package io.ethfollow.app;

import io.ethfollow.rlp.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads RLP input files given on the command line, either raw binary or hex text (optional 0x,
 * whitespace and newlines allowed). Every failure becomes a one-line {@link CliException} naming the
 * flag, which the CLI turns into exit code 2.
 */
final class InputFiles {
  /** The largest input accepted: an RLP-encoded block is capped at 10 MiB by EIP-7934 and a single
   * block's receipts stay within the 16 MiB message cap, so 64 MiB leaves room for hex text. */
  static final long MAX_INPUT_BYTES = 64L * 1024 * 1024;

  /** Binary RLP of a block or a receipt list starts with a list header byte (0xc0 and up), which is
   * never an ASCII hex digit, so the first byte tells the two formats apart. */
  private static final int FIRST_LIST_BYTE = 0xc0;

  private InputFiles() {}

  static byte[] readRlp(String flag, Path file) {
    if (!Files.exists(file)) {
      throw new CliException(flag + ": no such file: " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new CliException(flag + ": not a regular file: " + file);
    }
    byte[] raw;
    try {
      if (Files.size(file) > MAX_INPUT_BYTES) {
        throw new CliException(flag + ": file larger than 64 MiB: " + file);
      }
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException(flag + ": cannot read " + file + ": " + e.getMessage());
    }
    if (raw.length == 0) {
      throw new CliException(flag + ": file is empty: " + file);
    }
    if ((raw[0] & 0xff) >= FIRST_LIST_BYTE) {
      return raw;
    }
    String text = new String(raw, java.nio.charset.StandardCharsets.US_ASCII).replaceAll("\\s+", "");
    try {
      byte[] decoded = Hex.decode(text);
      if (decoded.length == 0) {
        throw new CliException(flag + ": no data in " + file);
      }
      return decoded;
    } catch (IllegalArgumentException e) {
      throw new CliException(flag + ": neither binary RLP nor hex text (" + e.getMessage() + "): " + file);
    }
  }
}
