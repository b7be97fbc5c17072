package io.ethfollow.chain;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 (the pre-standard SHA-3 Ethereum uses). Each thread reuses one Bouncy Castle digest, so
 * hashing allocates only the 32-byte output. Thread-safe.
 */
public final class Keccak {
  private static final ThreadLocal<KeccakDigest> DIGEST =
      ThreadLocal.withInitial(() -> new KeccakDigest(256));

  private Keccak() {}

  public static byte[] hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  public static byte[] hash(byte[] data, int offset, int length) {
    KeccakDigest d = DIGEST.get();
    d.reset();
    d.update(data, offset, length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  /** Keccak-256 of the concatenation of two arrays, without concatenating them. */
  public static byte[] hash(byte[] a, byte[] b) {
    KeccakDigest d = DIGEST.get();
    d.reset();
    d.update(a, 0, a.length);
    d.update(b, 0, b.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
