package io.ethfollow.wire;

import io.ethfollow.rlp.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Security;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.crypto.SECP256K1;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECCurve;

/**
 * This node's secp256k1 identity: signs discovery packets, derives RLPx shared secrets, and names the
 * node (its 64-byte uncompressed public key is the node id of its enode URL). Persisted in the data
 * dir as one line of hex (like geth's {@code nodekey}), created with mode 0600 on first run. Wraps
 * Tuweni's pure-Bouncy-Castle SECP256K1 behind this class so it can be replaced. Immutable and
 * thread-safe.
 */
public final class NodeKey {
  /** Size of a node id: the uncompressed public key without its 0x04 prefix. */
  public static final int ID_SIZE = 64;

  /** r (32) || s (32) || recovery id (1): the signature layout of discv4 and the RLPx handshake. */
  public static final int SIGNATURE_SIZE = 65;

  static {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  private final SECP256K1.KeyPair keyPair;
  private final byte[] nodeId;

  private NodeKey(SECP256K1.KeyPair keyPair) {
    this.keyPair = keyPair;
    this.nodeId = keyPair.publicKey().bytesArray();
  }

  /** A fresh random key (tests, and first start before it is saved). */
  public static NodeKey random() {
    return new NodeKey(SECP256K1.KeyPair.random());
  }

  /** The key with this 32-byte secret. */
  public static NodeKey fromSecret(byte[] secret) {
    if (secret.length != 32) {
      throw new IllegalArgumentException("a node key secret has 32 bytes, got " + secret.length);
    }
    return new NodeKey(SECP256K1.KeyPair.fromSecretKey(SECP256K1.SecretKey.fromBytes(Bytes32.wrap(secret.clone()))));
  }

  /**
   * Loads the key from {@code file}, or creates it there (mode 0600, written atomically) when the
   * file does not exist.
   *
   * @throws IOException when the file cannot be read or written, or holds no valid key
   */
  public static NodeKey loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      try {
        return fromSecret(Hex.decode(text));
      } catch (IllegalArgumentException e) {
        throw new IOException("node key file " + file + " does not hold a 32-byte hex secret: " + e.getMessage());
      }
    }
    NodeKey key = random();
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, Hex.encodeNoPrefix(key.keyPair.secretKey().bytesArray()) + "\n", StandardCharsets.US_ASCII);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return key;
  }

  /** The node id: 64-byte uncompressed public key (copy). */
  public byte[] nodeId() {
    return nodeId.clone();
  }

  /** Signs a 32-byte hash; returns r || s || recovery id (0 or 1). */
  public byte[] sign(byte[] hash32) {
    SECP256K1.Signature sig = SECP256K1.signHashed(Bytes32.wrap(hash32), keyPair);
    byte[] out = new byte[SIGNATURE_SIZE];
    copyUnsigned(sig.r(), out, 0);
    copyUnsigned(sig.s(), out, 32);
    out[64] = sig.v();
    return out;
  }

  /**
   * Recovers the signer's node id from a 32-byte hash and a 65-byte signature.
   *
   * @throws IllegalArgumentException when the signature is malformed or recovers no key
   */
  public static byte[] recover(byte[] hash32, byte[] signature) {
    if (signature.length != SIGNATURE_SIZE || hash32.length != 32) {
      throw new IllegalArgumentException("bad signature or hash length");
    }
    int v = signature[64] & 0xff;
    if (v > 1) {
      throw new IllegalArgumentException("bad recovery id " + v);
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
    SECP256K1.Signature sig;
    try {
      sig = SECP256K1.Signature.create((byte) v, r, s);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid signature: " + e.getMessage());
    }
    SECP256K1.PublicKey pub = SECP256K1.PublicKey.recoverFromHashAndSignature(Bytes32.wrap(hash32), sig);
    if (pub == null) {
      throw new IllegalArgumentException("signature recovers no public key");
    }
    return pub.bytesArray();
  }

  /**
   * Whether {@code nodeId} (64 bytes, x || y) is a point on secp256k1, that is, a public key some
   * node can hold. A node id off the curve cannot complete an RLPx handshake.
   */
  public static boolean isPublicKey(byte[] nodeId) {
    if (nodeId.length != ID_SIZE) {
      return false;
    }
    byte[] encoded = new byte[ID_SIZE + 1];
    encoded[0] = 0x04; // SEC 1 uncompressed point
    System.arraycopy(nodeId, 0, encoded, 1, ID_SIZE);
    try {
      return CURVE.decodePoint(encoded).isValid();
    } catch (IllegalArgumentException e) { // BC: "Invalid point coordinates"
      return false;
    }
  }

  /** The secp256k1 curve, for point checks only (keys and signatures go through Tuweni). */
  private static final ECCurve CURVE = CustomNamedCurves.getByName("secp256k1").getCurve();

  /** ECDH shared secret (x coordinate) with a peer's 64-byte node id, as RLPx and ECIES use it. */
  public byte[] agree(byte[] peerNodeId) {
    SECP256K1.PublicKey pub = SECP256K1.PublicKey.fromBytes(Bytes.wrap(peerNodeId));
    return SECP256K1.calculateKeyAgreement(keyPair.secretKey(), pub).toArrayUnsafe().clone();
  }

  /** The underlying Tuweni key pair, for the RLPx handshake helpers only. */
  public SECP256K1.KeyPair tuweniKeyPair() {
    return keyPair;
  }

  private static void copyUnsigned(BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int start = Math.max(0, b.length - 32);
    int len = b.length - start;
    System.arraycopy(b, start, out, offset + 32 - len, len);
  }

  @Override
  public String toString() {
    return "NodeKey{id=" + Hex.encodeNoPrefix(java.util.Arrays.copyOf(nodeId, 8)) + "…}";
  }
}
