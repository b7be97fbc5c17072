package io.ethfollow.chain;

import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Recovers the sender address of a transaction from its secp256k1 signature (public-key recovery of
 * SEC 1 §4.1.6 with Bouncy Castle's curve arithmetic). Knows the signing hash of every type: legacy
 * without replay protection (v = 27/28, six fields), legacy with EIP-155 (v = 35 + 2·chainId + parity,
 * nine fields ending chainId, 0, 0) and typed ({@code type || rlp(fields without yParity, r, s)}).
 *
 * <p>Costs about a tenth of a millisecond per transaction, so it is not on the ingest path; it serves
 * tools and indexes. It checks only that the signature is recoverable (0 &lt; r, s &lt; n), not
 * fork-dependent rules such as EIP-2 low s. Stateless and thread-safe.
 */
public final class SenderRecovery {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger N = CURVE.getN();
  private static final BigInteger P = CURVE.getCurve().getField().getCharacteristic();

  /** Pre-EIP-155 legacy v values are 27 + parity. */
  private static final int LEGACY_V_BASE = 27;
  /** EIP-155: v = chainId * 2 + 35 + parity. */
  private static final int EIP155_V_BASE = 35;
  /** nonce, gasPrice, gasLimit, to, value, data: the legacy fields that are signed. */
  private static final int LEGACY_SIGNED_FIELDS = 6;
  /** v (or yParity), r, s close every transaction type. */
  private static final int SIGNATURE_FIELDS = 3;
  /** Signatures are over 32-byte hashes; r and s are 32-byte scalars. */
  private static final int SCALAR_SIZE = 32;
  /** An address is the last 20 bytes of keccak(uncompressed public key without its 0x04 prefix). */
  private static final int ADDRESS_SIZE = 20;

  private SenderRecovery() {}

  /** The signature fields of a transaction: recovery id (0 or 1), r, s and the chain id if any. */
  public record Signature(int recoveryId, BigInteger r, BigInteger s, Long chainId) {}

  /** The hash the sender signed. */
  public static Hash signingHash(Transaction tx) {
    return Hash.keccakOf(signingPayload(tx, signature(tx)));
  }

  /** Reads the signature fields (and for legacy the EIP-155 chain id). */
  public static Signature signature(Transaction tx) {
    RlpReader fields = fields(tx);
    int count = fields.remainingItems();
    for (int i = 0; i < count - SIGNATURE_FIELDS; i++) {
      fields.skip();
    }
    BigInteger v = fields.readBigInteger(SCALAR_SIZE);
    BigInteger r = fields.readBigInteger(SCALAR_SIZE);
    BigInteger s = fields.readBigInteger(SCALAR_SIZE);
    if (tx.type() != Transaction.TYPE_LEGACY) {
      if (v.compareTo(BigInteger.ONE) > 0) {
        throw new InvalidSignatureException("yParity must be 0 or 1, got " + v);
      }
      return new Signature(v.intValue(), r, s, null);
    }
    if (v.equals(BigInteger.valueOf(LEGACY_V_BASE)) || v.equals(BigInteger.valueOf(LEGACY_V_BASE + 1))) {
      return new Signature(v.intValue() - LEGACY_V_BASE, r, s, null);
    }
    if (v.compareTo(BigInteger.valueOf(EIP155_V_BASE)) < 0 || v.bitLength() > 63) {
      throw new InvalidSignatureException("legacy v must be 27, 28 or at least 35, got " + v);
    }
    long rest = v.longValue() - EIP155_V_BASE;
    return new Signature((int) (rest & 1), r, s, rest >>> 1);
  }

  /** The 20-byte sender address. */
  public static byte[] recoverSender(Transaction tx) {
    Signature sig = signature(tx);
    byte[] hash = Keccak.hash(signingPayload(tx, sig));
    return recoverAddress(hash, sig.recoveryId(), sig.r(), sig.s());
  }

  /** Recovers the address whose key produced (r, s) with the given recovery id over a 32-byte hash. */
  public static byte[] recoverAddress(byte[] hash, int recoveryId, BigInteger r, BigInteger s) {
    if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
      throw new InvalidSignatureException("signature r or s outside [1, n-1]");
    }
    if (recoveryId != 0 && recoveryId != 1) {
      throw new InvalidSignatureException("recovery id must be 0 or 1, got " + recoveryId);
    }
    if (r.compareTo(P) >= 0) {
      throw new InvalidSignatureException("r is not a field element");
    }
    ECPoint bigR;
    try {
      byte[] compressed = new byte[1 + SCALAR_SIZE];
      compressed[0] = (byte) (0x02 + recoveryId);
      byte[] x = unsigned(r);
      System.arraycopy(x, 0, compressed, compressed.length - x.length, x.length);
      bigR = CURVE.getCurve().decodePoint(compressed);
    } catch (IllegalArgumentException e) {
      throw new InvalidSignatureException("r is not the x coordinate of a curve point");
    }
    BigInteger e = new BigInteger(1, hash);
    BigInteger rInv = r.modInverse(N);
    BigInteger u1 = e.negate().mod(N).multiply(rInv).mod(N);
    BigInteger u2 = s.multiply(rInv).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), u1, bigR, u2).normalize();
    if (q.isInfinity()) {
      throw new InvalidSignatureException("recovered the point at infinity");
    }
    return addressOf(q);
  }

  /** The address of an uncompressed-encodable public key point. */
  public static byte[] addressOf(ECPoint publicKey) {
    byte[] encoded = publicKey.normalize().getEncoded(false);
    byte[] h = Keccak.hash(encoded, 1, encoded.length - 1);
    return Arrays.copyOfRange(h, h.length - ADDRESS_SIZE, h.length);
  }

  /** The address controlled by a private key (for tests and tools). */
  public static byte[] addressOfPrivateKey(BigInteger privateKey) {
    return addressOf(CURVE.getG().multiply(privateKey));
  }

  private static byte[] signingPayload(Transaction tx, Signature sig) {
    RlpReader fields = fields(tx);
    int signed = fields.remainingItems() - SIGNATURE_FIELDS;
    boolean legacy = tx.type() == Transaction.TYPE_LEGACY;
    if (legacy) {
      signed = LEGACY_SIGNED_FIELDS;
    }
    RlpWriter w = new RlpWriter(tx.encoded().length + 16);
    if (!legacy) {
      w.writeRaw(new byte[] {(byte) tx.type()});
    }
    w.startList();
    for (int i = 0; i < signed; i++) {
      w.writeRaw(fields.readRaw());
    }
    if (legacy && sig.chainId() != null) {
      w.writeLong(sig.chainId()).writeLong(0).writeLong(0);
    }
    return w.endList().toByteArray();
  }

  private static RlpReader fields(Transaction tx) {
    byte[] b = tx.encoded();
    int offset = tx.type() == Transaction.TYPE_LEGACY ? 0 : 1;
    return new RlpReader(b, offset, b.length - offset).readList();
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }
}
