package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Malformed bodies, blocks and receipts must fail with RlpException (a clear message naming the
 * problem), never with an unrelated runtime exception.
 */
class MalformedContentTest {
  /** Fixed seed: the mutations are the same on every run. */
  private static final long SEED = 20_250_101L;
  /**
   * Mutations per vector and decoder: every mutation hits the first 400 bytes (list and item headers,
   * the first transactions or receipts), where structure errors live; 60 keeps the class near 5 s.
   */
  private static final int MUTATIONS = 60;

  private static final List<TestVectors.MainnetBlock> VECTORS = TestVectors.mainnetBlocks();

  /** Runs the decoder; success is fine (a mutation can keep the input valid), RlpException is fine. */
  private static void decodesOrRejectsCleanly(byte[] input, Consumer<byte[]> decoder) {
    try {
      decoder.accept(input);
    } catch (RlpException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    } catch (RuntimeException e) {
      throw new AssertionError("unexpected " + e + " for input " + Hex.encode(input), e);
    }
  }

  private static void fuzz(byte[] valid, Consumer<byte[]> decoder) {
    Random random = new Random(SEED);
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] mutated = valid.clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        int at = random.nextInt(Math.min(mutated.length, 1 + random.nextInt(400)));
        mutated[at] = (byte) random.nextInt(256);
      }
      decodesOrRejectsCleanly(mutated, decoder);
      int cut = random.nextInt(valid.length);
      decodesOrRejectsCleanly(Arrays.copyOf(valid, cut), decoder);
    }
  }

  @Test
  void truncatedBodiesBlocksAndReceiptsAreRejectedAsRlpErrors() {
    for (TestVectors.MainnetBlock b : VECTORS) {
      for (int cut : new int[] {0, 1, b.bodyRlp().length / 2, b.bodyRlp().length - 1}) {
        byte[] body = Arrays.copyOf(b.bodyRlp(), cut);
        assertThatThrownBy(() -> BlockBody.decode(body)).isInstanceOf(RlpException.class);
      }
      byte[] block = Arrays.copyOf(b.blockRlp(), b.blockRlp().length - 1);
      assertThatThrownBy(() -> Block.decode(block)).isInstanceOf(RlpException.class);
      byte[] r68 = Arrays.copyOf(b.receipts68(), b.receipts68().length - 1);
      assertThatThrownBy(() -> ReceiptCodec.decodeEth68(r68)).isInstanceOf(RlpException.class);
      byte[] r69 = Arrays.copyOf(b.receipts69(), b.receipts69().length - 1);
      assertThatThrownBy(() -> ReceiptCodec.decodeEth69(r69)).isInstanceOf(RlpException.class);
    }
  }

  @Test
  void trailingBytesAfterABodyBlockOrReceiptListAreRejected() {
    TestVectors.MainnetBlock b = VECTORS.get(VECTORS.size() - 1);
    assertThatThrownBy(() -> BlockBody.decode(append(b.bodyRlp())))
        .isInstanceOf(RlpException.class).hasMessageContaining("trailing");
    assertThatThrownBy(() -> Block.decode(append(b.blockRlp())))
        .isInstanceOf(RlpException.class).hasMessageContaining("trailing");
    assertThatThrownBy(() -> ReceiptCodec.decodeEth68(append(b.receipts68())))
        .isInstanceOf(RlpException.class).hasMessageContaining("trailing");
    assertThatThrownBy(() -> ReceiptCodec.decodeEth69(append(b.receipts69())))
        .isInstanceOf(RlpException.class).hasMessageContaining("trailing");
  }

  @Test
  void randomlyMutatedInputsNeverCrashTheDecoders() {
    for (TestVectors.MainnetBlock b : VECTORS) {
      fuzz(b.bodyRlp(), BlockBody::decode);
      fuzz(b.blockRlp(), Block::decode);
      fuzz(b.receipts68(), ReceiptCodec::decodeEth68);
      fuzz(b.receipts69(), ReceiptCodec::decode);
    }
  }

  @Test
  void rejectsBodyWithWrongFieldCount() {
    byte[] four = new RlpWriter().startList().startList().endList().startList().endList()
        .startList().endList().startList().endList().endList().toByteArray();
    assertThatThrownBy(() -> BlockBody.decode(four))
        .isInstanceOf(RlpException.class).hasMessageContaining("2 or 3 fields, found 4");
    byte[] one = new RlpWriter().startList().startList().endList().endList().toByteArray();
    assertThatThrownBy(() -> BlockBody.decode(one))
        .isInstanceOf(RlpException.class).hasMessageContaining("found 1");
  }

  @Test
  void rejectsReceiptWithInvalidStatusOrUnknownType() {
    byte[] badStatus = new RlpWriter().startList().startList()
        .writeLong(0).writeLong(2).writeLong(21_000).startList().endList()
        .endList().endList().toByteArray();
    assertThatThrownBy(() -> ReceiptCodec.decodeEth69(badStatus))
        .isInstanceOf(RlpException.class).hasMessageContaining("outcome");
    byte[] badType = new RlpWriter().startList().startList()
        .writeLong(7).writeLong(1).writeLong(21_000).startList().endList()
        .endList().endList().toByteArray();
    assertThatThrownBy(() -> ReceiptCodec.decodeEth69(badType))
        .isInstanceOf(RlpException.class).hasMessageContaining("unknown receipt type 7");
    byte[] typed68 = new RlpWriter().startList().writeBytes(new byte[] {9, (byte) 0xc0})
        .endList().toByteArray();
    assertThatThrownBy(() -> ReceiptCodec.decodeEth68(typed68))
        .isInstanceOf(RlpException.class).hasMessageContaining("unknown receipt type 0x9");
  }

  @Test
  void rejectsLogWithMoreThanFourTopics() {
    RlpWriter w = new RlpWriter().startList().startList()
        .writeLong(0).writeLong(1).writeLong(21_000).startList()
        .startList().writeBytes(new byte[20]).startList();
    for (int i = 0; i < 5; i++) {
      w.writeBytes(new byte[32]);
    }
    byte[] list = w.endList().writeBytes(new byte[0]).endList().endList().endList().endList()
        .toByteArray();
    assertThatThrownBy(() -> ReceiptCodec.decodeEth69(list))
        .isInstanceOf(RlpException.class).hasMessageContaining("more than 4 topics");
  }

  @Test
  void rejectsWithdrawalWithShortAddressOrExtraField() {
    byte[] shortAddress = new RlpWriter().startList().writeLong(1).writeLong(2)
        .writeBytes(new byte[19]).writeLong(3).endList().toByteArray();
    assertThatThrownBy(() -> Withdrawal.decode(shortAddress))
        .isInstanceOf(RlpException.class).hasMessageContaining("expected 20 bytes");
    byte[] extra = new RlpWriter().startList().writeLong(1).writeLong(2)
        .writeBytes(new byte[20]).writeLong(3).writeLong(4).endList().toByteArray();
    assertThatThrownBy(() -> Withdrawal.decode(extra))
        .isInstanceOf(RlpException.class).hasMessageContaining("4 fields");
  }

  private static byte[] append(byte[] b) {
    byte[] out = Arrays.copyOf(b, b.length + 1);
    out[b.length] = 0x01;
    return out;
  }
}
