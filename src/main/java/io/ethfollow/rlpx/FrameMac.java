package io.ethfollow.rlpx;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * One direction's running frame MAC (rlpx.md, "Frame MAC"): a Keccak-256 state that absorbs every
 * frame's ciphertext, plus the AES-256-ECB step keyed by mac-secret that mixes each header and frame
 * into it. The state is a {@link MacKeccak} (Bouncy Castle's layout, faster bulk absorb): every
 * ciphertext byte passes through it, so it bounds codec throughput. Owned by one frame encoder or
 * decoder, so used by one thread (the channel's event loop).
 */
final class FrameMac {
  /** Header and frame MACs are the first 16 bytes of the Keccak digest. */
  static final int SIZE = 16;

  private final MacKeccak state;
  private final Cipher ecb;
  private final byte[] digest = new byte[32];
  private final byte[] block = new byte[16];

  FrameMac(KeccakDigest seeded, byte[] macSecret) {
    this.state = new MacKeccak(seeded);
    try {
      ecb = Cipher.getInstance("AES/ECB/NoPadding");
      ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(macSecret, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks AES-256-ECB", e);
    }
  }

  /** Absorbs frame ciphertext. */
  void absorb(byte[] data, int offset, int length) {
    state.update(data, offset, length);
  }

  /** Mixes in a 16-byte header ciphertext and writes the header MAC to {@code out}. */
  void headerMac(byte[] headerCiphertext, int offset, byte[] out, int outOffset) {
    snapshot();
    mix(headerCiphertext, offset);
    snapshot();
    System.arraycopy(digest, 0, out, outOffset, SIZE);
  }

  /** After the frame ciphertext was absorbed: writes the frame MAC to {@code out}. */
  void frameMac(byte[] out, int outOffset) {
    snapshot();
    mix(digest, 0);
    snapshot();
    System.arraycopy(digest, 0, out, outOffset, SIZE);
  }

  /** state.update(aes(mac-secret, digest[:16]) ^ seed[:16]); {@code digest} holds the snapshot. */
  private void mix(byte[] seed, int seedOffset) {
    try {
      ecb.update(digest, 0, SIZE, block, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < SIZE; i++) {
      block[i] ^= seed[seedOffset + i];
    }
    state.update(block, 0, SIZE);
  }

  /** digest = Keccak digest of the state so far, leaving the state itself running. */
  private void snapshot() {
    new KeccakDigest(state).doFinal(digest, 0);
  }
}
