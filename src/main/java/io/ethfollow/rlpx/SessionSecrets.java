package io.ethfollow.rlpx;

import io.ethfollow.chain.Keccak;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The symmetric state one side of an RLPx session starts with (rlpx.md, "Secrets"): the AES-256 frame
 * key, the MAC key, and the egress/ingress MAC seeds ({@code (mac-secret ^ nonce) || packet}).
 * Derived here from the handshake values, because Tuweni keeps its own copies private. Immutable
 * value (arrays are never handed out mutable).
 *
 * @param aesSecret AES-256 key of the frame stream cipher (both directions, separate counters)
 * @param macSecret AES-256 key of the MAC update step
 * @param egressMacSeed bytes the egress Keccak state absorbs first
 * @param ingressMacSeed bytes the ingress Keccak state absorbs first
 */
public record SessionSecrets(
    byte[] aesSecret, byte[] macSecret, byte[] egressMacSeed, byte[] ingressMacSeed) {

  public SessionSecrets {
    aesSecret = aesSecret.clone();
    macSecret = macSecret.clone();
    egressMacSeed = egressMacSeed.clone();
    ingressMacSeed = ingressMacSeed.clone();
  }

  /**
   * Derives the secrets of one side.
   *
   * @param initiator whether this side sent the auth message
   * @param ephemeralShared ECDH x coordinate of the two ephemeral keys
   * @param initiatorNonce the 32-byte nonce from the auth message
   * @param responderNonce the 32-byte nonce from the ack message
   * @param auth the auth packet exactly as sent (with its 2-byte EIP-8 size prefix)
   * @param ack the ack packet exactly as sent (with its size prefix)
   */
  public static SessionSecrets derive(
      boolean initiator,
      byte[] ephemeralShared,
      byte[] initiatorNonce,
      byte[] responderNonce,
      byte[] auth,
      byte[] ack) {
    byte[] shared = Keccak.hash(ephemeralShared, Keccak.hash(responderNonce, initiatorNonce));
    byte[] aes = Keccak.hash(ephemeralShared, shared);
    byte[] mac = Keccak.hash(ephemeralShared, aes);
    byte[] toResponder = concat(xor(mac, responderNonce), auth);
    byte[] toInitiator = concat(xor(mac, initiatorNonce), ack);
    return initiator
        ? new SessionSecrets(aes, mac, toResponder, toInitiator)
        : new SessionSecrets(aes, mac, toInitiator, toResponder);
  }

  /** A fresh Keccak state seeded for frames this side sends. */
  public KeccakDigest newEgressMac() {
    return seeded(egressMacSeed);
  }

  /** A fresh Keccak state seeded for frames this side receives. */
  public KeccakDigest newIngressMac() {
    return seeded(ingressMacSeed);
  }

  @Override
  public byte[] aesSecret() {
    return aesSecret.clone();
  }

  @Override
  public byte[] macSecret() {
    return macSecret.clone();
  }

  @Override
  public byte[] egressMacSeed() {
    return egressMacSeed.clone();
  }

  @Override
  public byte[] ingressMacSeed() {
    return ingressMacSeed.clone();
  }

  @Override
  public String toString() {
    return "SessionSecrets[redacted]";
  }

  private static KeccakDigest seeded(byte[] seed) {
    KeccakDigest d = new KeccakDigest(256);
    d.update(seed, 0, seed.length);
    return d;
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
