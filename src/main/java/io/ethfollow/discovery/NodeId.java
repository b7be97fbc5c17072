package io.ethfollow.discovery;

import io.ethfollow.chain.Keccak;
import io.ethfollow.rlp.Hex;
import io.ethfollow.wire.NodeKey;
import java.util.Arrays;

/**
 * A discv4 node id (the 64-byte uncompressed secp256k1 public key) with its keccak256 hash, which is
 * what Kademlia distances are measured on. Immutable; usable as a map key.
 */
public final class NodeId {
  private final byte[] id;
  private final byte[] hash;

  public NodeId(byte[] id) {
    if (id.length != NodeKey.ID_SIZE) {
      throw new IllegalArgumentException("a node id has 64 bytes, got " + id.length);
    }
    this.id = id.clone();
    this.hash = Keccak.hash(id);
  }

  /** The 64-byte id (copy). */
  public byte[] bytes() {
    return id.clone();
  }

  /** keccak256(id) (copy). */
  public byte[] hash() {
    return hash.clone();
  }

  byte[] hashUnsafe() {
    return hash;
  }

  /** First 8 bytes in hex, for logs. */
  public String shortHex() {
    return Hex.encodeNoPrefix(Arrays.copyOf(id, 8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId n && Arrays.equals(id, n.id);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return shortHex();
  }
}
