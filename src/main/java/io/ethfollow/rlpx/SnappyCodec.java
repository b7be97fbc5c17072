package io.ethfollow.rlpx;

import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * Snappy block compression of message payloads (p2p version 5, rlpx.md "Message Snappy
 * Compression"), with the size checks Tuweni lacks: the length prefix is read and capped before any
 * allocation, and the compressed input is capped too. Stateless; thread-safe.
 */
public final class SnappyCodec {
  /** rlpx.md: disconnect when a message decompresses to more than 16 MiB. */
  public static final int MAX_UNCOMPRESSED = 16 * 1024 * 1024;

  /**
   * Worst-case snappy output for a 16 MiB input (~19.6 MB): valid compressed input is never larger,
   * so anything beyond is rejected unread (a frame cannot exceed 16 MiB anyway).
   */
  static final int MAX_COMPRESSED = Snappy.maxCompressedLength(MAX_UNCOMPRESSED);

  /** A snappy varint length prefix has at most 5 bytes for a 32-bit length. */
  private static final int MAX_VARINT_BYTES = 5;

  private SnappyCodec() {}

  /** Compresses a payload. */
  public static byte[] compress(byte[] payload) {
    try {
      return Snappy.compress(payload);
    } catch (IOException e) {
      throw new IllegalStateException("snappy failed to compress", e);
    }
  }

  /**
   * Decompresses a payload after checking its claimed size.
   *
   * @throws FrameException SNAPPY_TOO_LARGE when the prefix claims more than {@link
   *     #MAX_UNCOMPRESSED} (checked before allocating), MALFORMED_SNAPPY when the data is invalid
   */
  public static byte[] decompress(byte[] compressed) {
    return decompress(compressed, MAX_UNCOMPRESSED);
  }

  /**
   * Decompresses a payload whose claimed size must not exceed {@code maxUncompressed} (at most
   * {@link #MAX_UNCOMPRESSED}): a session passes a smaller limit for messages it did not ask for,
   * so a 5-byte frame cannot make it allocate 16 MiB.
   *
   * @throws FrameException SNAPPY_TOO_LARGE when the prefix claims more (checked before
   *     allocating), MALFORMED_SNAPPY when the data is invalid
   */
  public static byte[] decompress(byte[] compressed, int maxUncompressed) {
    if (compressed.length > MAX_COMPRESSED) {
      throw new FrameException(
          FrameException.Kind.SNAPPY_TOO_LARGE, "compressed payload of " + compressed.length + " bytes");
    }
    long claimed = uncompressedLength(compressed);
    long limit = Math.min(maxUncompressed, MAX_UNCOMPRESSED);
    if (claimed > limit) {
      throw new FrameException(
          FrameException.Kind.SNAPPY_TOO_LARGE,
          "snappy length prefix claims " + claimed + " bytes, limit " + limit);
    }
    byte[] out = new byte[(int) claimed];
    try {
      int n = Snappy.uncompress(compressed, 0, compressed.length, out, 0);
      if (n != claimed) {
        throw new FrameException(FrameException.Kind.MALFORMED_SNAPPY, "snappy length mismatch");
      }
    } catch (IOException e) {
      throw new FrameException(FrameException.Kind.MALFORMED_SNAPPY, "invalid snappy data: " + e.getMessage());
    }
    return out;
  }

  /** The varint length prefix, read by hand so a hostile prefix cannot reach native code first. */
  static long uncompressedLength(byte[] data) {
    long value = 0;
    for (int i = 0; i < MAX_VARINT_BYTES; i++) {
      if (i >= data.length) {
        break;
      }
      int b = data[i] & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if (b < 0x80) {
        return value;
      }
    }
    throw new FrameException(FrameException.Kind.MALFORMED_SNAPPY, "bad snappy length prefix");
  }
}
