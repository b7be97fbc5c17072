package io.ethfollow.rlpx;

import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.wire.NodeKey;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The listening side of the ECIES handshake: reads an EIP-8 auth message, answers with an EIP-8 ack
 * and derives the session secrets. Written here rather than through Tuweni's {@code
 * respondToHandshake}, which generates the responder's ephemeral key and nonce internally and never
 * reveals them, so no one could derive the frame keys outside Tuweni. Pre-EIP-8 (legacy) auth is not
 * accepted: every current client sends EIP-8. One instance per accepted connection, used by the
 * channel's event loop only.
 */
final class ResponderHandshake {
  /** The auth/ack version we send (rlpx.md: 4); a higher version from the peer is accepted (EIP-8). */
  private static final int VERSION = 4;

  /**
   * EIP-8 asks for at least 100 bytes of random padding so an EIP-8 packet can never be mistaken for
   * the fixed-size legacy format; up to 100 more hides the exact body length.
   */
  private static final int MIN_PADDING = 100;

  private static final int PADDING_SPREAD = 100;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final NodeKey key;
  private final NodeKey ephemeral;
  private final byte[] nonce;

  ResponderHandshake(NodeKey key) {
    this(key, NodeKey.random(), randomNonce());
  }

  /** With a fixed ephemeral key and nonce (vector tests). */
  ResponderHandshake(NodeKey key, NodeKey ephemeral, byte[] nonce) {
    this.key = key;
    this.ephemeral = ephemeral;
    this.nonce = nonce.clone();
  }

  /** The initiator's authenticated values, read from an auth packet. */
  record Auth(byte[] initiatorId, byte[] initiatorEphemeralId, byte[] nonce, long version) {}

  /**
   * Decrypts and checks an auth packet (size prefix included).
   *
   * @throws HandshakeException when it does not decrypt, parse or carry a valid signature
   */
  Auth readAuth(byte[] auth) {
    if (auth.length < 2) {
      throw new HandshakeException("auth packet too short");
    }
    byte[] body = Ecies.decrypt(key, Arrays.copyOfRange(auth, 2, auth.length), Arrays.copyOf(auth, 2));
    try {
      RlpReader list = new RlpReader(body).readList();
      byte[] signature = list.readFixed(NodeKey.SIGNATURE_SIZE);
      byte[] initiatorId = list.readFixed(NodeKey.ID_SIZE);
      byte[] initiatorNonce = list.readFixed(32);
      long version = list.readLong();
      byte[] staticShared;
      try {
        staticShared = key.agree(initiatorId);
      } catch (RuntimeException e) {
        throw new HandshakeException("initiator id is not a curve point");
      }
      byte[] signed = new byte[32];
      for (int i = 0; i < 32; i++) {
        signed[i] = (byte) (staticShared[i] ^ initiatorNonce[i]);
      }
      byte[] ephemeralId;
      try {
        ephemeralId = NodeKey.recover(signed, signature);
      } catch (IllegalArgumentException e) {
        throw new HandshakeException("auth signature invalid: " + e.getMessage());
      }
      return new Auth(initiatorId, ephemeralId, initiatorNonce, version);
    } catch (RlpException e) {
      throw new HandshakeException("auth body malformed: " + e.getMessage());
    }
  }

  /**
   * Answers an auth packet.
   *
   * @return the ack packet to send (size prefix included) and the session this side derives
   * @throws HandshakeException when the auth is rejected
   */
  Response respond(byte[] auth) {
    Auth a = readAuth(auth);
    byte[] body =
        new RlpWriter()
            .startList()
            .writeBytes(ephemeral.nodeId())
            .writeBytes(nonce)
            .writeLong(VERSION)
            .endList()
            .toByteArray();
    byte[] padded = Arrays.copyOf(body, body.length + MIN_PADDING + RANDOM.nextInt(PADDING_SPREAD));
    int size = padded.length + Ecies.OVERHEAD;
    byte[] prefix = {(byte) (size >>> 8), (byte) size};
    byte[] sealed = Ecies.encrypt(a.initiatorId(), padded, prefix);
    byte[] ack = new byte[2 + sealed.length];
    ack[0] = prefix[0];
    ack[1] = prefix[1];
    System.arraycopy(sealed, 0, ack, 2, sealed.length);
    byte[] ephemeralShared = ephemeral.agree(a.initiatorEphemeralId());
    SessionSecrets secrets = SessionSecrets.derive(false, ephemeralShared, a.nonce(), nonce, auth, ack);
    return new Response(ack, new HandshakeResult(a.initiatorId(), secrets));
  }

  /** The ack to send and the resulting session. */
  record Response(byte[] ack, HandshakeResult result) {}

  private static byte[] randomNonce() {
    byte[] n = new byte[32];
    RANDOM.nextBytes(n);
    return n;
  }
}
