package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ethfollow.rlp.RlpException;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzz test of the block, header, body, transaction, withdrawal and receipt
 * decoders (docs/fuzzing.md). Contract: malformed input fails with {@link RlpException} only (as
 * {@link MalformedContentTest} checks for fixed mutations), and what decodes re-encodes to the
 * input byte for byte, except eth/68 receipts (their bloom is recomputed), which re-encode stably.
 * Input: byte 0 picks the decoder (its value mod 8), the rest is the encoding.
 */
class ChainDecodersFuzzTest {
  @FuzzTest
  void decodedChainDataReencodesToItsInputAndRejectionsAreRlpExceptions(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] rlp = Arrays.copyOfRange(input, 1, input.length);
    try {
      switch ((input[0] & 0xff) % 8) {
        case 0 -> assertThat(Block.decode(rlp).encode()).isEqualTo(rlp);
        case 1 -> assertThat(BlockHeader.decode(rlp).rlp()).isEqualTo(rlp);
        case 2 -> assertThat(BlockBody.decode(rlp).encode()).isEqualTo(rlp);
        case 3 -> assertThat(Transaction.decode(rlp).encoded()).isEqualTo(rlp);
        case 4 -> assertThat(Withdrawal.decode(rlp).encode()).isEqualTo(rlp);
        case 5 -> assertThat(ReceiptCodec.decodeConsensus(rlp).consensusEncoding()).isNotEmpty();
        case 6 ->
            assertThat(ReceiptCodec.encodeEth69(ReceiptCodec.decodeEth69(rlp))).isEqualTo(rlp);
        default -> {
          List<Receipt> receipts = ReceiptCodec.decodeEth68(rlp);
          byte[] once = ReceiptCodec.encodeEth68(receipts);
          assertThat(ReceiptCodec.encodeEth68(ReceiptCodec.decodeEth68(once))).isEqualTo(once);
        }
      }
    } catch (RlpException rejected) {
      assertThat(rejected.getMessage()).isNotBlank();
    }
  }
}
