package io.ethfollow.rlpx;

import io.ethfollow.wire.NodeKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ECIES as RLPx uses it (rlpx.md, "ECIES Encryption"): secp256k1 ECDH, NIST SP 800-56 concat KDF with
 * SHA-256, AES-128-CTR and HMAC-SHA256 over {@code iv || c || authData}. Used by the responder side of
 * the handshake, where Tuweni's public API hides the responder's ephemeral key and nonce (so the
 * session secrets could not be derived outside Tuweni). Stateless; thread-safe.
 */
final class Ecies {
  /** Uncompressed public key (0x04 prefix) + 16-byte IV + 32-byte HMAC: the fixed ECIES overhead. */
  static final int OVERHEAD = 65 + 16 + 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ecies() {}

  /** Encrypts {@code plain} to the 64-byte public key {@code recipient}, authenticating {@code authData}. */
  static byte[] encrypt(byte[] recipient, byte[] plain, byte[] authData) {
    NodeKey ephemeral = NodeKey.random();
    byte[] iv = new byte[16];
    RANDOM.nextBytes(iv);
    byte[][] keys = keys(ephemeral.agree(recipient));
    byte[] out = new byte[OVERHEAD + plain.length];
    out[0] = 0x04;
    System.arraycopy(ephemeral.nodeId(), 0, out, 1, 64);
    System.arraycopy(iv, 0, out, 65, 16);
    try {
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys[0], "AES"), new IvParameterSpec(iv));
      aes.doFinal(plain, 0, plain.length, out, 81);
      byte[] tag = hmac(keys[1], out, 65, 16 + plain.length, authData);
      System.arraycopy(tag, 0, out, out.length - 32, 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks AES-CTR or HMAC-SHA256", e);
    }
    return out;
  }

  /**
   * Decrypts a message addressed to {@code key}.
   *
   * @throws HandshakeException when the message is too short, names no valid curve point or fails
   *     its MAC
   */
  static byte[] decrypt(NodeKey key, byte[] message, byte[] authData) {
    if (message.length < OVERHEAD || message[0] != 0x04) {
      throw new HandshakeException("ECIES message malformed (" + message.length + " bytes)");
    }
    byte[] shared;
    try {
      shared = key.agree(Arrays.copyOfRange(message, 1, 65));
    } catch (RuntimeException e) {
      throw new HandshakeException("ECIES ephemeral key is not a curve point");
    }
    byte[][] keys = keys(shared);
    int cipherLength = message.length - OVERHEAD;
    try {
      byte[] tag = hmac(keys[1], message, 65, 16 + cipherLength, authData);
      if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(message, message.length - 32, message.length))) {
        throw new HandshakeException("ECIES MAC mismatch");
      }
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(keys[0], "AES"),
          new IvParameterSpec(message, 65, 16));
      return aes.doFinal(message, 81, cipherLength);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks AES-CTR or HMAC-SHA256", e);
    }
  }

  /** Concat KDF (one SHA-256 block is enough for 32 bytes): [AES key, SHA-256 of the MAC key half]. */
  private static byte[][] keys(byte[] shared) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(new byte[] {0, 0, 0, 1});
      sha.update(shared);
      byte[] k = sha.digest();
      byte[] macKey = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(k, 16, 32));
      return new byte[][] {Arrays.copyOf(k, 16), macKey};
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks SHA-256", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data, int offset, int length, byte[] authData)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update(data, offset, length);
    mac.update(authData);
    return mac.doFinal();
  }
}
