package io.ethfollow.rlpx;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction's frame stream cipher: AES-256-CTR keyed by aes-secret with a zero IV, one counter
 * running across all frames of the session (rlpx.md, "Framing"). JCA, not Bouncy Castle: the SunJCE
 * intrinsic is ~100 times faster (reference/deps.md §4). Used by one thread (the channel's event loop).
 */
final class FrameCipher {
  private final Cipher cipher;

  FrameCipher(byte[] aesSecret, boolean encrypt) {
    try {
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(
          encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
          new SecretKeySpec(aesSecret, "AES"),
          new IvParameterSpec(new byte[16]));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks AES-256-CTR", e);
    }
  }

  /**
   * Transforms {@code length} bytes. Input and output may be the same region, but then SunJCE first
   * copies the whole input into a new array: callers on the bulk path use distinct arrays.
   */
  void apply(byte[] in, int inOffset, int length, byte[] out, int outOffset) {
    if (length == 0) {
      return;
    }
    try {
      cipher.update(in, inOffset, length, out, outOffset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Transforms all remaining bytes of {@code in} into {@code out}. */
  void apply(ByteBuffer in, ByteBuffer out) {
    try {
      cipher.update(in, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
