package io.ethfollow.rlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Coverage-guided fuzz tests of the strict RLP reader (docs/fuzzing.md). Contract: malformed input
 * fails with {@link RlpException} only, and whatever the reader accepts is canonical, so encoding
 * the decoded tree gives back the input byte for byte. Runs its seeds and kept crash inputs (under
 * src/test/resources/io/ethfollow/rlp/RlpReaderFuzzTestInputs) in every test run; fuzzes with
 * JAZZER_FUZZ=1.
 */
class RlpReaderFuzzTest {
  /**
   * Cursor calls per input in {@link #cursorCallsFailOnlyWithRlpException}: each call either moves
   * the cursor or throws, so 64 covers any structure a short input has while bounding the loop.
   */
  private static final int MAX_CALLS = 64;

  /** Raw bytes: one RLP item, decoded as a tree of strings and lists. */
  @FuzzTest
  void acceptedItemsReencodeToTheSameBytesAndRejectionsAreRlpExceptions(byte[] input) {
    Object tree;
    try {
      tree = RlpTree.decode(input);
    } catch (RlpException rejected) {
      assertThat(rejected.getMessage()).isNotBlank();
      return;
    }
    assertThat(RlpTree.encode(tree)).isEqualTo(input);
  }

  /**
   * Input: the data provider picks a sequence of reader calls (entering lists, reading integers,
   * fixed-size strings, big integers, skipping, counting) and the remaining bytes are the RLP.
   */
  @FuzzTest
  void cursorCallsFailOnlyWithRlpException(FuzzedDataProvider data) {
    int[] calls = new int[data.consumeInt(0, MAX_CALLS)];
    for (int i = 0; i < calls.length; i++) {
      calls[i] = data.consumeInt(0, 10) << 8 | data.consumeInt(0, 40);
    }
    byte[] rlp = data.consumeRemainingAsBytes();
    Deque<RlpReader> stack = new ArrayDeque<>();
    stack.push(new RlpReader(rlp));
    try {
      for (int call : calls) {
        RlpReader r = stack.peek();
        int arg = call & 0xff;
        switch (call >>> 8) {
          case 0 -> stack.push(r.readList());
          case 1 -> {
            if (stack.size() > 1) {
              stack.pop().ensureDone();
            }
          }
          case 2 -> assertThat(r.readLong()).isNotNegative();
          case 3 -> assertThat(r.readBigInteger(arg).bitLength()).isLessThanOrEqualTo(8 * arg);
          case 4 -> assertThat(r.readFixed(arg)).hasSize(arg);
          case 5 -> r.readBytes();
          case 6 -> {
            int at = r.position();
            byte[] raw = r.readRaw();
            assertThat(r.position() - at).isEqualTo(raw.length);
          }
          case 7 -> r.skip();
          case 8 -> assertThat(r.remainingItems()).isNotNegative();
          case 9 -> assertThat(r.nextPayloadLength()).isNotNegative();
          default -> r.nextIsList();
        }
      }
    } catch (RlpException rejected) {
      assertThat(rejected.getMessage()).isNotBlank();
    }
  }
}
