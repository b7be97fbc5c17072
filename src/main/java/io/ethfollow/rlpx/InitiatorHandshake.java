package io.ethfollow.rlpx;

import io.ethfollow.wire.NodeKey;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.crypto.SECP256K1;
import org.apache.tuweni.rlpx.HandshakeMessage;
import org.apache.tuweni.rlpx.RLPxConnectionFactory;

/**
 * The dialling side of the ECIES handshake: builds the EIP-8 auth message and turns the peer's ack
 * into session secrets. The ECIES and EIP-8 encoding are Tuweni's ({@link RLPxConnectionFactory#init},
 * {@link RLPxConnectionFactory#readResponse}); the secrets are derived here because we chose the
 * ephemeral key and nonce. One instance per connection attempt, used by one thread (the channel's
 * event loop).
 */
final class InitiatorHandshake {
  private final NodeKey key;
  private final byte[] remoteNodeId;
  private final NodeKey ephemeral;
  private final byte[] nonce;
  private byte[] auth;

  InitiatorHandshake(NodeKey key, byte[] remoteNodeId) {
    this(key, remoteNodeId, NodeKey.random(), RLPxConnectionFactory.generateRandomBytes32().toArray());
  }

  /** With a fixed ephemeral key and nonce (vector tests). */
  InitiatorHandshake(NodeKey key, byte[] remoteNodeId, NodeKey ephemeral, byte[] nonce) {
    this.key = key;
    this.remoteNodeId = remoteNodeId.clone();
    this.ephemeral = ephemeral;
    this.nonce = nonce.clone();
  }

  /** The auth packet to send, size prefix included. */
  byte[] auth() {
    if (auth == null) {
      SECP256K1.PublicKey remote;
      try {
        remote = SECP256K1.PublicKey.fromBytes(Bytes.wrap(remoteNodeId));
      } catch (RuntimeException e) {
        throw new HandshakeException("remote node id is not a secp256k1 point");
      }
      auth =
          RLPxConnectionFactory.init(
                  key.tuweniKeyPair(), remote, ephemeral.tuweniKeyPair(), Bytes32.wrap(nonce))
              .toArray();
    }
    return auth.clone();
  }

  /**
   * Reads the peer's ack (size prefix included) and derives the session.
   *
   * @throws HandshakeException when the ack does not decrypt or parse
   */
  HandshakeResult onAck(byte[] ack) {
    HandshakeMessage response;
    try {
      response = RLPxConnectionFactory.readResponse(Bytes.wrap(ack), key.tuweniKeyPair().secretKey());
    } catch (RuntimeException e) {
      throw new HandshakeException("ack rejected: " + e.getMessage());
    }
    byte[] ephemeralShared = ephemeral.agree(response.ephemeralPublicKey().bytesArray());
    SessionSecrets secrets =
        SessionSecrets.derive(true, ephemeralShared, nonce, response.nonce().toArray(), auth(), ack);
    return new HandshakeResult(remoteNodeId, secrets);
  }
}
