package io.ethfollow.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ethfollow.chain.Keccak;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeyTest {
  @TempDir Path dir;

  @Test
  void createsTheKeyFileWithMode0600OnFirstStartAndReloadsTheSameIdentity() throws Exception {
    Path file = dir.resolve("sub").resolve("nodekey");
    NodeKey first = NodeKey.loadOrCreate(file);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    NodeKey again = NodeKey.loadOrCreate(file);
    assertThat(again.nodeId()).isEqualTo(first.nodeId());
    assertThat(first.nodeId()).hasSize(64);
  }

  @Test
  void aCorruptKeyFileIsAnErrorNotANewIdentity() throws Exception {
    Path file = dir.resolve("nodekey");
    Files.writeString(file, "not hex at all");
    assertThatThrownBy(() -> NodeKey.loadOrCreate(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not hold a 32-byte hex secret");
    assertThat(Files.readString(file)).isEqualTo("not hex at all");
  }

  @Test
  void signaturesRecoverTheSignersNodeId() {
    NodeKey key = NodeKey.random();
    byte[] hash = Keccak.hash("hello".getBytes());
    byte[] sig = key.sign(hash);
    assertThat(sig).hasSize(65);
    assertThat(NodeKey.recover(hash, sig)).isEqualTo(key.nodeId());
    byte[] other = Keccak.hash("other".getBytes());
    assertThat(NodeKey.recover(other, sig)).isNotEqualTo(key.nodeId());
  }

  @Test
  void malformedSignaturesAreRejectedWithIllegalArgument() {
    byte[] hash = Keccak.hash(new byte[0]);
    assertThatThrownBy(() -> NodeKey.recover(hash, new byte[64])).isInstanceOf(IllegalArgumentException.class);
    byte[] badV = new byte[65];
    badV[64] = 7;
    assertThatThrownBy(() -> NodeKey.recover(hash, badV)).isInstanceOf(IllegalArgumentException.class);
    byte[] zero = new byte[65];
    assertThatThrownBy(() -> NodeKey.recover(hash, zero)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bothSidesOfAnEcdhAgreeOnTheSharedSecret() {
    NodeKey a = NodeKey.random();
    NodeKey b = NodeKey.random();
    assertThat(a.agree(b.nodeId())).isEqualTo(b.agree(a.nodeId())).hasSize(32);
  }

  @Test
  void theSecretDeterminesTheNodeId() {
    byte[] secret = new byte[32];
    secret[31] = 1;
    // The public key of secret 1 is the curve generator G.
    assertThat(io.ethfollow.rlp.Hex.encodeNoPrefix(NodeKey.fromSecret(secret).nodeId()))
        .startsWith("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
  }
}
