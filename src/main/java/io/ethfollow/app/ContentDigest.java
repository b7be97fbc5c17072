package io.ethfollow.app;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 over a sequence of byte strings, each prefixed with its length so that different splits
 * of the same bytes give different digests. Lets two downloads (or a download and a store) be
 * compared byte for byte with one hex string. Not thread-safe.
 */
final class ContentDigest {
  private final KeccakDigest keccak = new KeccakDigest(256);

  void update(byte[] item) {
    byte[] len = {
      (byte) (item.length >>> 24), (byte) (item.length >>> 16), (byte) (item.length >>> 8), (byte) item.length
    };
    keccak.update(len, 0, 4);
    keccak.update(item, 0, item.length);
  }

  /** The digest of the given parts, in order. */
  static byte[] of(byte[]... parts) {
    ContentDigest d = new ContentDigest();
    for (byte[] p : parts) {
      d.update(p);
    }
    return d.finish();
  }

  byte[] finish() {
    byte[] out = new byte[32];
    keccak.doFinal(out, 0);
    return out;
  }
}
