package io.ethfollow.rlpx;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzz tests of snappy decompression (docs/fuzzing.md). Contract: input that is not
 * valid snappy, or claims more than {@link SnappyCodec#MAX_UNCOMPRESSED}, fails with {@link
 * FrameException} only (never an OOM: the claim is checked before allocating); what decompresses is
 * at most the cap; and compression round-trips any payload.
 */
class SnappyCodecFuzzTest {
  @FuzzTest
  void decompressionStaysUnderTheCapAndFailsOnlyWithFrameException(byte[] input) {
    byte[] out;
    try {
      out = SnappyCodec.decompress(input);
    } catch (FrameException e) {
      assertThat(e.kind())
          .isIn(FrameException.Kind.MALFORMED_SNAPPY, FrameException.Kind.SNAPPY_TOO_LARGE);
      return;
    }
    assertThat(out.length).isLessThanOrEqualTo(SnappyCodec.MAX_UNCOMPRESSED);
    assertThat(SnappyCodec.decompress(SnappyCodec.compress(out))).isEqualTo(out);
  }

  @FuzzTest
  void compressedPayloadsDecompressToThemselves(byte[] payload) {
    assertThat(SnappyCodec.decompress(SnappyCodec.compress(payload))).isEqualTo(payload);
  }
}
