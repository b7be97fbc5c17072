package io.ethfollow.discovery;

import io.ethfollow.wire.NodeKey;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;

/**
 * Converts secp256k1 public keys between the 33-byte compressed form an ENR carries and the 64-byte
 * node id form discv4 uses. Stateless and thread-safe.
 */
final class PublicKeys {
  private static final ECCurve CURVE;

  static {
    X9ECParameters params = CustomNamedCurves.getByName("secp256k1");
    CURVE = params.getCurve();
  }

  /** Size of a compressed key: one parity byte and the x coordinate. */
  static final int COMPRESSED_SIZE = 33;

  private PublicKeys() {}

  /** 33-byte compressed key → 64-byte node id; throws IllegalArgumentException when off the curve. */
  static byte[] decompress(byte[] compressed) {
    if (compressed.length != COMPRESSED_SIZE) {
      throw new IllegalArgumentException("a compressed key has 33 bytes, got " + compressed.length);
    }
    byte[] full = CURVE.decodePoint(compressed).getEncoded(false);
    return Arrays.copyOfRange(full, 1, full.length);
  }

  /** 64-byte node id → 33-byte compressed key. */
  static byte[] compress(byte[] nodeId) {
    if (nodeId.length != NodeKey.ID_SIZE) {
      throw new IllegalArgumentException("a node id has 64 bytes, got " + nodeId.length);
    }
    byte[] full = new byte[1 + nodeId.length];
    full[0] = 0x04;
    System.arraycopy(nodeId, 0, full, 1, nodeId.length);
    return CURVE.decodePoint(full).getEncoded(true);
  }
}
