package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The 45-block execution-apis test chain (Frontier rules to Prague, tx types 0-4, withdrawals): every
 * block decodes, its body matches its header and it links to its parent.
 */
class ExecApisChainTest {
  private static final Hash GENESIS =
      Hash.fromHex("0x79e0f5ffb6a0c9f54d507dbbadc935603ac1db86d32f7857472180a75ec11f90");
  private static final Hash HEAD =
      Hash.fromHex("0xaf51811799f22260e5b4e1f95504dae760505f102dcb2e9ca7d897d8a40124a1");
  /** chainId from the chain's genesis.json. */
  private static final long CHAIN_ID = 3503995874084926L;

  private static List<Block> readChain() {
    byte[] data = TestVectors.bytes("/testdata/exec-apis-prague/chain.rlp");
    RlpReader r = new RlpReader(data);
    List<Block> blocks = new ArrayList<>();
    while (r.hasNext()) {
      blocks.add(Block.readNext(r));
    }
    return blocks;
  }

  @Test
  void decodesAll45BlocksEndingAtTheKnownHead() {
    List<Block> blocks = readChain();
    assertThat(blocks).hasSize(45);
    assertThat(blocks.get(0).number()).isEqualTo(1);
    assertThat(blocks.get(44).hash()).isEqualTo(HEAD);
    assertThat(blocks).extracting(b -> b.header().fieldCount()).contains(15, 16, 17, 20, 21);
  }

  @Test
  void everyBlockLinksToItsParentFromGenesis() {
    List<Block> blocks = readChain();
    assertThat(blocks.get(0).header().parentHash()).isEqualTo(GENESIS);
    for (int i = 1; i < blocks.size(); i++) {
      VerificationReport link =
          BlockVerifier.verifyLink(blocks.get(i - 1).header(), blocks.get(i).header());
      assertThat(link.failures()).as("block %d", blocks.get(i).number()).isEmpty();
    }
  }

  @Test
  void everyBodyMatchesItsHeaderRoots() {
    for (Block b : readChain()) {
      VerificationReport report = BlockVerifier.verifyBody(b.header(), b.body());
      assertThat(report.failures()).as("block %d", b.number()).isEmpty();
      assertThat(report.checks()).hasSize(3);
    }
  }

  @Test
  void blocksReEncodeByteForByte() {
    byte[] data = TestVectors.bytes("/testdata/exec-apis-prague/chain.rlp");
    RlpReader r = new RlpReader(data);
    while (r.hasNext()) {
      byte[] raw = r.readRaw();
      assertThat(Hex.encode(Block.decode(raw).encode())).isEqualTo(Hex.encode(raw));
    }
  }

  @Test
  void transactionTypesAndWithdrawalsMatchTheChainDescription() {
    int[] types = new int[5];
    int withdrawals = 0;
    for (Block b : readChain()) {
      for (Transaction tx : b.body().transactions()) {
        types[tx.type()]++;
      }
      if (b.body().withdrawals() != null) {
        withdrawals += b.body().withdrawals().size();
      }
      assertThat(b.body().withdrawals() != null).isEqualTo(b.header().withdrawalsRoot() != null);
    }
    assertThat(types).containsExactly(120, 20, 17, 2, 1);
    assertThat(withdrawals).isEqualTo(3);
  }

  /**
   * A second route to the sender: a wrong signing hash recovers a random address, so every one of
   * 160 senders being an account funded in genesis.json pins the signing hash of every type.
   */
  @Test
  void everyRecoveredSenderIsAGenesisAccount() {
    JsonNode alloc = TestVectors.json("/testdata/exec-apis-prague/genesis.json").get("alloc");
    Set<String> accounts = new HashSet<>();
    for (Iterator<String> it = alloc.fieldNames(); it.hasNext(); ) {
      accounts.add("0x" + it.next().toLowerCase().replace("0x", ""));
    }
    int eip155 = 0;
    for (Block b : readChain()) {
      for (Transaction tx : b.body().transactions()) {
        String sender = Hex.encode(SenderRecovery.recoverSender(tx));
        assertThat(accounts).as("sender of %s in block %d", tx.hash(), b.number()).contains(sender);
        Long chainId = SenderRecovery.signature(tx).chainId();
        if (tx.type() == Transaction.TYPE_LEGACY && chainId != null) {
          assertThat(chainId).isEqualTo(CHAIN_ID);
          eip155++;
        }
      }
    }
    assertThat(eip155).isPositive();
  }
}
