package io.ethfollow.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.Hash;
import io.ethfollow.chain.SenderRecovery;
import io.ethfollow.chain.Transaction;
import io.ethfollow.rlp.Hex;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Devnet transactions of every type carry valid signatures: each recovers to one of the 64 fixed
 * senders (so the JSON-RPC can show {@code from}), with low s (EIP-2) and the chain's EIP-155 v.
 */
class DevnetSignerTest {
  private static final long CHAIN_ID = 700_000_123L;

  @Test
  void everyGeneratedTransactionRecoversToAFixedSender() {
    TxFactory txs = new TxFactory(new ContentPools(7), CHAIN_ID);
    Rng r = new Rng(7, 99);
    Set<String> senders = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      int type = i % 5;
      Transaction tx = Transaction.decode(txs.create(r, type, r.bytes(i % 40), 21_000 + i,
          type == Transaction.TYPE_BLOB ? 1 + i % 3 : 0, type == Transaction.TYPE_SET_CODE ? 1 : 0,
          i % 2 == 0).encoded());
      SenderRecovery.Signature sig = SenderRecovery.signature(tx);
      assertThat(sig.s()).as("low s").isLessThanOrEqualTo(
          org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256k1").getN().shiftRight(1));
      if (type == Transaction.TYPE_LEGACY) {
        assertThat(sig.chainId()).isEqualTo(CHAIN_ID);
      }
      senders.add(Hex.encode(SenderRecovery.recoverSender(tx)));
    }
    assertThat(senders).hasSizeBetween(40, DevnetSigner.SENDERS);
  }

  @Test
  void aSignatureVerifiesForItsHashOnly() {
    DevnetSigner signer = new DevnetSigner(CHAIN_ID);
    byte[] hash = Hash.keccakOf(new byte[] {1, 2, 3}).toArray();
    DevnetSigner.Signature s = signer.sign(hash, 5);
    byte[] a = SenderRecovery.recoverAddress(hash, s.recoveryId(), s.r(), s.s());
    byte[] other = Hash.keccakOf(new byte[] {1, 2, 4}).toArray();
    byte[] b = SenderRecovery.recoverAddress(other, s.recoveryId(), s.r(), s.s());
    assertThat(a).isEqualTo(SenderRecovery.recoverAddress(hash, signer.sign(hash, 5).recoveryId(),
        signer.sign(hash, 5).r(), signer.sign(hash, 5).s()));
    assertThat(b).isNotEqualTo(a);
  }
}
