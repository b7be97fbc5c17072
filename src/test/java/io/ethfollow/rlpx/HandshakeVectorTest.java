package io.ethfollow.rlpx;

import static io.ethfollow.rlpx.RlpxVectors.hex;
import static io.ethfollow.rlpx.RlpxVectors.key;
import static io.ethfollow.rlpx.RlpxVectors.packet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.rlp.Hex;
import io.ethfollow.wire.NodeKey;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlpx.HandshakeMessage;
import org.apache.tuweni.rlpx.RLPxConnectionFactory;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The EIP-8 handshake vectors and the legacy session secrets (testdata/rlpx). */
class HandshakeVectorTest {
  static final JsonNode EIP8 = RlpxVectors.load("eip8-handshake.json");
  static final JsonNode KEYS = EIP8.get("keys");
  static final JsonNode DERIVED = EIP8.get("derived_for_Auth2_Ack2");

  @ParameterizedTest
  @CsvSource({"Auth2, 4", "Auth3, 56"})
  void eip8AuthDecryptsWithKeyBAndNamesInitiatorEphemeralKeyAndNonce(String name, long version) {
    ResponderHandshake b = new ResponderHandshake(key(KEYS, "static_B_private"));
    ResponderHandshake.Auth auth = b.readAuth(packet(EIP8, name));
    assertThat(auth.initiatorId()).isEqualTo(hex(KEYS, "static_A_public"));
    assertThat(auth.initiatorEphemeralId()).isEqualTo(hex(KEYS, "ephemeral_A_public"));
    assertThat(auth.nonce()).isEqualTo(hex(KEYS, "nonce_A"));
    assertThat(auth.version()).isEqualTo(version);
  }

  @ParameterizedTest
  @CsvSource({"Ack2", "Ack3"})
  void eip8AckDecryptsWithKeyAThroughTuweni(String name) {
    HandshakeMessage ack =
        RLPxConnectionFactory.readResponse(
            Bytes.wrap(packet(EIP8, name)), key(KEYS, "static_A_private").tuweniKeyPair().secretKey());
    assertThat(ack.ephemeralPublicKey().bytesArray()).isEqualTo(hex(KEYS, "ephemeral_B_public"));
    assertThat(ack.nonce().toArray()).isEqualTo(hex(KEYS, "nonce_B"));
  }

  @Test
  void legacyAuthIsRejectedAsAHandshakeFailure() {
    ResponderHandshake b = new ResponderHandshake(key(KEYS, "static_B_private"));
    assertThatThrownBy(() -> b.readAuth(packet(EIP8, "Auth1"))).isInstanceOf(HandshakeException.class);
  }

  @Test
  void responderDerivesEip8SecretsAndIngressMacFromAuth2() {
    ResponderHandshake b =
        new ResponderHandshake(
            key(KEYS, "static_B_private"), key(KEYS, "ephemeral_B_private"), hex(KEYS, "nonce_B"));
    SessionSecrets s = b.respond(packet(EIP8, "Auth2")).result().secrets();
    assertThat(Hex.encodeNoPrefix(s.aesSecret())).startsWith("80e8632c");
    assertThat(s.aesSecret()).isEqualTo(hex(DERIVED, "aes_secret"));
    assertThat(s.macSecret()).isEqualTo(hex(DERIVED, "mac_secret"));
    assertThat(fooDigest(s.newIngressMac())).isEqualTo(hex(DERIVED, "B_ingress_mac_after_foo"));
  }

  @Test
  void derivationFromAuth2AndAck2MatchesOnBothSides() {
    NodeKey ephA = key(KEYS, "ephemeral_A_private");
    NodeKey ephB = key(KEYS, "ephemeral_B_private");
    byte[] auth = packet(EIP8, "Auth2");
    byte[] ack = packet(EIP8, "Ack2");
    byte[] shared = ephA.agree(ephB.nodeId());
    assertThat(shared).isEqualTo(hex(DERIVED, "ephemeral_key"));
    SessionSecrets a = SessionSecrets.derive(true, shared, hex(KEYS, "nonce_A"), hex(KEYS, "nonce_B"), auth, ack);
    SessionSecrets b = SessionSecrets.derive(false, ephB.agree(ephA.nodeId()), hex(KEYS, "nonce_A"), hex(KEYS, "nonce_B"), auth, ack);
    assertThat(a.aesSecret()).isEqualTo(hex(DERIVED, "aes_secret"));
    assertThat(a.macSecret()).isEqualTo(hex(DERIVED, "mac_secret"));
    assertThat(a.egressMacSeed()).isEqualTo(b.ingressMacSeed());
    assertThat(a.ingressMacSeed()).isEqualTo(b.egressMacSeed());
    assertThat(fooDigest(b.newIngressMac())).isEqualTo(hex(DERIVED, "B_ingress_mac_after_foo"));
    assertThat(Hex.encodeNoPrefix(fooDigest(a.newIngressMac()))).startsWith("64f0b10a");
  }

  @Test
  void initiatorBuiltOnTuweniAndOurResponderAgreeOnTheSession() {
    NodeKey a = NodeKey.random();
    NodeKey b = NodeKey.random();
    InitiatorHandshake initiator = new InitiatorHandshake(a, b.nodeId());
    ResponderHandshake.Response response = new ResponderHandshake(b).respond(initiator.auth());
    HandshakeResult atA = initiator.onAck(response.ack());
    HandshakeResult atB = response.result();
    assertThat(atB.remoteNodeId()).isEqualTo(a.nodeId());
    assertThat(atA.remoteNodeId()).isEqualTo(b.nodeId());
    assertThat(atA.secrets().aesSecret()).isEqualTo(atB.secrets().aesSecret());
    assertThat(atA.secrets().macSecret()).isEqualTo(atB.secrets().macSecret());
    assertThat(atA.secrets().egressMacSeed()).isEqualTo(atB.secrets().ingressMacSeed());
    assertThat(atA.secrets().ingressMacSeed()).isEqualTo(atB.secrets().egressMacSeed());
  }

  @Test
  void ackFromAnotherKeyIsAHandshakeFailure() {
    NodeKey a = NodeKey.random();
    NodeKey b = NodeKey.random();
    InitiatorHandshake initiator = new InitiatorHandshake(a, b.nodeId());
    byte[] ack = new ResponderHandshake(b).respond(initiator.auth()).ack();
    ack[ack.length - 1] ^= 1;
    assertThatThrownBy(() -> initiator.onAck(ack)).isInstanceOf(HandshakeException.class);
  }

  @Test
  void legacySessionSecretsAndInitialMacsAreReproduced() {
    JsonNode v = RlpxVectors.load("legacy-session.json").get("values");
    SessionSecrets s = legacyInitiator(v);
    assertThat(s.aesSecret()).isEqualTo(hex(v, "aes_secret"));
    assertThat(s.macSecret()).isEqualTo(hex(v, "mac_secret"));
    assertThat(digest(s.newEgressMac())).isEqualTo(hex(v, "initial_egress_MAC"));
    assertThat(digest(s.newIngressMac())).isEqualTo(hex(v, "initial_ingress_MAC"));
  }

  static SessionSecrets legacyInitiator(JsonNode v) {
    return legacy(v, true);
  }

  static SessionSecrets legacy(JsonNode v, boolean initiator) {
    return SessionSecrets.derive(
        initiator,
        hex(v, "ecdhe_shared_secret"),
        hex(v, "initiator_nonce"),
        hex(v, "receiver_nonce"),
        hex(v, "auth_ciphertext"),
        hex(v, "authresp_ciphertext"));
  }

  private static byte[] fooDigest(KeccakDigest d) {
    byte[] foo = "foo".getBytes(StandardCharsets.US_ASCII);
    d.update(foo, 0, foo.length);
    return digest(d);
  }

  private static byte[] digest(KeccakDigest d) {
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
