package io.ethfollow.devnet;

import io.ethfollow.chain.Keccak;
import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Signs devnet transactions validly and cheaply: every signature uses one fixed nonce k, so the
 * point R = k·G (hence r and the recovery id) is computed once and a signature costs two modular
 * multiplications instead of a scalar multiplication (microseconds, not ~0.1 ms). Reusing k leaks
 * the keys to anyone who sees two signatures — harmless here: the keys are derived from the chain
 * id, guard nothing, and exist only so that JSON-RPC clients can recover each transaction's sender
 * as on a real chain. Senders are {@link #SENDERS} fixed keys. Immutable; thread-safe.
 */
final class DevnetSigner {
  /** Distinct senders: enough that blocks look like many accounts' transactions. */
  static final int SENDERS = 64;

  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger N = CURVE.getN();
  private static final BigInteger HALF_N = N.shiftRight(1);

  /** A signature: recovery id (y parity of R, after low-s normalisation), r and s. */
  record Signature(int recoveryId, BigInteger r, BigInteger s) {}

  private final BigInteger r;
  private final int rParity;
  private final BigInteger kInverse;
  private final BigInteger[] keys = new BigInteger[SENDERS];

  DevnetSigner(long chainId) {
    BigInteger k = scalar("ethfollow devnet nonce " + chainId);
    ECPoint point = CURVE.getG().multiply(k).normalize();
    this.r = point.getAffineXCoord().toBigInteger().mod(N);
    this.rParity = point.getAffineYCoord().toBigInteger().testBit(0) ? 1 : 0;
    this.kInverse = k.modInverse(N);
    for (int i = 0; i < SENDERS; i++) {
      keys[i] = scalar("ethfollow devnet sender " + chainId + "/" + i);
    }
  }

  /** Signs the 32-byte {@code hash} with sender {@code sender} (0 to SENDERS-1); low s (EIP-2). */
  Signature sign(byte[] hash, int sender) {
    BigInteger z = new BigInteger(1, hash);
    BigInteger s = kInverse.multiply(z.add(r.multiply(keys[sender]))).mod(N);
    int recovery = rParity;
    if (s.compareTo(HALF_N) > 0) {
      s = N.subtract(s); // the signature of -k: R mirrored, so the recovery id flips
      recovery ^= 1;
    }
    return new Signature(recovery, r, s);
  }

  /** A scalar in [1, n-1] derived from {@code label}. */
  private static BigInteger scalar(String label) {
    BigInteger x = new BigInteger(1, Keccak.hash(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return x.mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
  }
}
