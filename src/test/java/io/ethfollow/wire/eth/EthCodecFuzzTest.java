package io.ethfollow.wire.eth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.wire.MessageDecodeException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Coverage-guided fuzz test of the eth/68 and eth/69 codec (docs/fuzzing.md). Contract: a malformed
 * payload or a code the version lacks fails with {@link MessageDecodeException} only; every decoded
 * message we can send encodes to bytes that decode to the same encoding again; and for the messages
 * the codec reads strictly (no saturation, no skipped gossip) that encoding is the input itself.
 * Input: byte 0 picks the version (bit 7: 0 = eth/68, 1 = eth/69) and the code (bits 0-4, so codes
 * past 0x11 are covered too); the rest is the payload.
 */
class EthCodecFuzzTest {
  /** Messages whose decoding keeps every field canonical, so re-encoding restores the input. */
  private static final Set<EthMessageId> EXACT =
      EnumSet.of(
          EthMessageId.STATUS,
          EthMessageId.BLOCK_HEADERS,
          EthMessageId.GET_BLOCK_BODIES,
          EthMessageId.GET_RECEIPTS,
          EthMessageId.BLOCK_BODIES,
          EthMessageId.BLOCK_RANGE_UPDATE);

  @FuzzTest
  void decodedMessagesReencodeStablyAndRejectionsAreMessageDecodeExceptions(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int version = (input[0] & 0x80) == 0 ? EthCodec.ETH68 : EthCodec.ETH69;
    int code = input[0] & 0x1f;
    byte[] payload = Arrays.copyOfRange(input, 1, input.length);
    EthMessage message;
    try {
      message = EthCodec.decode(version, code, payload);
    } catch (MessageDecodeException rejected) {
      assertThat(rejected.code()).isEqualTo(code);
      assertThat(rejected.protocol()).isEqualTo("eth");
      return;
    }
    assertThat(message.id().code()).isEqualTo(code);
    if (message instanceof EthMessage.Gossip gossip) {
      assertThat(gossip.payloadSize()).isEqualTo(payload.length);
      return;
    }
    byte[] encoded = EthCodec.encode(message);
    assertThat(EthCodec.encode(EthCodec.decode(version, code, encoded))).isEqualTo(encoded);
    boolean exact =
        EXACT.contains(message.id())
            || message instanceof EthMessage.Receipts r && r.form() == ReceiptCodec.Form.ETH69;
    if (exact) {
      assertThat(encoded).isEqualTo(payload);
    }
  }
}
