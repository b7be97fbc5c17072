package io.ethfollow.wire.eth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockCheck;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.chain.TestVectors.MainnetBlock;
import io.ethfollow.chain.TrieRoot;
import io.ethfollow.chain.VerificationReport;
import org.junit.jupiter.api.Test;

/** The lazy and memoised forms of {@link EthMessage.BlockReceipts} against real mainnet blocks. */
class BlockReceiptsTest {

  @Test
  void storedFormDecodesOnDemandToTheSameReceiptsAndRootAsTheEagerForm() {
    for (MainnetBlock b : TestVectors.mainnetBlocks()) {
      EthMessage.BlockReceipts lazy = EthMessage.BlockReceipts.stored(b.receipts69());
      EthMessage.BlockReceipts eager = EthMessage.BlockReceipts.fromEth69(b.receipts69());
      assertThat(lazy.undecoded()).isTrue();
      assertThat(eager.undecoded()).isFalse();
      assertThat(lazy).isEqualTo(eager);
      assertThat(lazy.eth69Rlp()).isSameAs(b.receipts69());
      BlockHeader h = BlockHeader.decode(b.headerRlp());
      assertThat(lazy.receiptsRoot()).as("block %s", b).isEqualTo(h.receiptsRoot());
      assertThat(lazy.undecoded()).isFalse();
      assertThat(lazy.receipts()).isEqualTo(eager.receipts());
      assertThat(eager.receiptsRoot())
          .isEqualTo(TrieRoot.ordered(ReceiptCodec.consensusEncodings(eager.receipts())))
          .isSameAs(eager.receiptsRoot());
      assertThat(lazy.eth68Rlp()).isEqualTo(b.receipts68()).isSameAs(lazy.eth68Rlp());
    }
  }

  @Test
  void verifierStillComparesASuppliedReceiptsRootWithTheHeader() {
    MainnetBlock b = TestVectors.mainnetBlocks().get(0);
    BlockHeader h = BlockHeader.decode(b.headerRlp());
    BlockBody body = BlockBody.decode(b.bodyRlp());
    EthMessage.BlockReceipts r = EthMessage.BlockReceipts.fromEth69(b.receipts69());

    VerificationReport full = BlockVerifier.verify(h, body, r.receipts());
    VerificationReport memo = BlockVerifier.verify(h, body, r.receipts(), r.receiptsRoot());
    assertThat(full.passed()).isTrue();
    assertThat(memo.passed()).isTrue();

    VerificationReport wrong =
        BlockVerifier.verify(h, body, r.receipts(), Hash.keccakOf(new byte[] {1}));
    assertThat(wrong.passed()).isFalse();
    assertThat(wrong.failures()).singleElement()
        .satisfies(c -> assertThat(c.is(BlockCheck.RECEIPTS_ROOT)).isTrue());
  }
}
