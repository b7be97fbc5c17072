package io.ethfollow.rlpx;

/**
 * What a completed ECIES handshake yields: the peer's authenticated node id and this side's session
 * secrets. Immutable value.
 *
 * @param remoteNodeId the peer's 64-byte static public key, proven by the handshake
 * @param secrets this side's frame keys and MAC seeds
 */
public record HandshakeResult(byte[] remoteNodeId, SessionSecrets secrets) {
  public HandshakeResult {
    remoteNodeId = remoteNodeId.clone();
  }

  @Override
  public byte[] remoteNodeId() {
    return remoteNodeId.clone();
  }
}
