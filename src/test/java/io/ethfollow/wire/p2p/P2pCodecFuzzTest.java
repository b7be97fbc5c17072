package io.ethfollow.wire.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ethfollow.wire.MessageDecodeException;
import java.util.Arrays;

/**
 * Coverage-guided fuzz test of the base-protocol codec (docs/fuzzing.md). Contract: a malformed
 * payload or unknown id fails with {@link MessageDecodeException} only, and a decoded message
 * survives a round trip through {@link P2pCodec#encode}. Input: byte 0 is the message id (any
 * value, so unknown ids are covered too), the rest is the payload.
 */
class P2pCodecFuzzTest {
  @FuzzTest
  void decodedMessagesRoundTripAndRejectionsAreMessageDecodeExceptions(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int code = input[0] & 0xff;
    byte[] payload = Arrays.copyOfRange(input, 1, input.length);
    P2pMessage message;
    try {
      message = P2pCodec.decode(code, payload);
    } catch (MessageDecodeException rejected) {
      assertThat(rejected.code()).isEqualTo(code);
      assertThat(rejected.protocol()).isEqualTo("p2p");
      return;
    }
    assertThat(message.id().code()).isEqualTo(code);
    assertThat(P2pCodec.decode(code, P2pCodec.encode(message))).isEqualTo(message);
  }
}
