package io.ethfollow.peer;

import io.ethfollow.rlp.Hex;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;

/**
 * A peer's identity: its 64-byte node id (the secp256k1 public key of its enode URL), held as lower-case
 * hex so the record compares and hashes by value. Immutable; used as the key of every per-peer map in
 * the pool and the request layer.
 */
public record PeerId(String hex) {
  /** Hex digits shown in logs: 8 (4 bytes) tell peers apart in any realistic pool and keep lines short. */
  public static final int SHORT_HEX_DIGITS = 8;

  public PeerId {
    if (hex.length() != 2 * NodeKey.ID_SIZE || !hex.matches("[0-9a-f]+")) {
      throw new IllegalArgumentException("a peer id is 128 lower-case hex digits, got " + hex);
    }
  }

  public static PeerId of(byte[] nodeId) {
    if (nodeId.length != NodeKey.ID_SIZE) {
      throw new IllegalArgumentException("a node id has 64 bytes, got " + nodeId.length);
    }
    return new PeerId(Hex.encodeNoPrefix(nodeId));
  }

  public static PeerId of(Enode enode) {
    return of(enode.nodeId());
  }

  /** First 8 hex digits, for logs. */
  public String shortId() {
    return hex.substring(0, SHORT_HEX_DIGITS);
  }

  @Override
  public String toString() {
    return shortId();
  }
}
