package io.ethfollow.rlpx;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzz tests of the RLPx frame decoder (docs/fuzzing.md). The session secrets are
 * the real ones of the legacy-session handshake vector (both ends, so every run is reproducible),
 * so fuzzed plaintext sealed by our encoder, or by {@link Sealer} with a forged header, gets past
 * the MACs into the id and size checks. Contract: the decoder hands out exactly the messages sealed
 * before the first broken frame, then fails with one {@link FrameException} of the right kind and
 * discards the rest; a frame over the limit fails from its header; raw bytes open or fail only with
 * a FrameException.
 */
class FrameDecoderFuzzTest {
  private static final JsonNode LEGACY = RlpxVectors.load("legacy-session.json").get("values");

  /** Frames per input: enough for MAC state carried across frames and a break in the middle. */
  private static final int MAX_FRAMES = 6;

  /** Payload bytes per fuzzed frame: past one 8 KiB cipher chunk, small enough to run fast. */
  private static final int MAX_PAYLOAD = 10_000;

  /** Smallest decoder limit the fuzzer may pick: a one-byte id and a short payload still fit. */
  private static final int MIN_LIMIT = 16;

  /** Largest decoder limit the fuzzer may pick: above MAX_PAYLOAD, so most frames fit. */
  private static final int MAX_LIMIT = 12_000;

  private static SessionSecrets sender() {
    return HandshakeVectorTest.legacy(LEGACY, true);
  }

  private static SessionSecrets receiver() {
    return HandshakeVectorTest.legacy(LEGACY, false);
  }

  /**
   * Input: a decoder limit, up to {@value #MAX_FRAMES} messages (id up to 3 bytes, payload), one
   * optional damage (a flipped byte, a cut, or garbage appended) and the chunk sizes and buffer
   * kind the bytes arrive in.
   */
  @FuzzTest
  void encoderFramesOpenToTheSameMessagesUntilTheFirstBrokenFrame(FuzzedDataProvider data) {
    int limit = data.consumeInt(MIN_LIMIT, MAX_LIMIT);
    FrameEncoder encoder = new FrameEncoder(sender(), FrameDecoder.MAX_FRAME_SIZE);
    List<RlpxMessage> sent = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    ByteBuf wire = Unpooled.buffer();
    int frames = data.consumeInt(1, MAX_FRAMES);
    for (int i = 0; i < frames; i++) {
      RlpxMessage m =
          new RlpxMessage(
              data.consumeInt(0, 0xff_ffff), data.consumeBytes(data.consumeInt(0, MAX_PAYLOAD)));
      encoder.encode(m, wire);
      sent.add(m);
      ends.add(wire.writerIndex());
    }
    byte[] bytes = new byte[wire.readableBytes()];
    wire.readBytes(bytes);
    wire.release();

    int damage = data.consumeInt(0, 3);
    int at = data.consumeInt(0, bytes.length - 1);
    if (damage == 1) {
      bytes[at] ^= (byte) data.consumeInt(1, 255);
    } else if (damage == 2) {
      bytes = Arrays.copyOf(bytes, at);
    } else if (damage == 3) {
      byte[] garbage = data.consumeBytes(64);
      byte[] longer = Arrays.copyOf(bytes, bytes.length + garbage.length);
      System.arraycopy(garbage, 0, longer, bytes.length, garbage.length);
      bytes = longer;
    }

    // What the decoder must do: open frames in order until one is too large (from its header) or
    // damaged (MAC), or until the bytes run out.
    int expectedCount = 0;
    FrameException.Kind expectedFailure = null;
    int start = 0;
    for (int i = 0; i < frames; i++) {
      int end = ends.get(i);
      boolean flipped = damage == 1 && at >= start && at < end;
      boolean headerFlipped = flipped && at < start + 32;
      int size = FrameEncoder.idLength(sent.get(i).code()) + sent.get(i).payload().length;
      if (damage == 2 && at < start + 32) {
        break;
      }
      if (headerFlipped) {
        expectedFailure = FrameException.Kind.MAC_MISMATCH;
        break;
      }
      if (size > limit) {
        expectedFailure = FrameException.Kind.FRAME_TOO_LARGE;
        break;
      }
      if (damage == 2 && at < end) {
        break;
      }
      if (flipped) {
        expectedFailure = FrameException.Kind.MAC_MISMATCH;
        break;
      }
      expectedCount++;
      start = end;
    }
    boolean allOpened = expectedFailure == null && expectedCount == frames;
    if (damage == 3 && allOpened && bytes.length - start >= 32) {
      expectedFailure = FrameException.Kind.MAC_MISMATCH;
    }

    boolean direct = data.consumeBoolean();
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(receiver(), limit));
    FrameException failure = null;
    try {
      for (int off = 0; off < bytes.length; ) {
        // Once the input is used up, the rest arrives in one piece (not byte by byte).
        int rest = bytes.length - off;
        int n = data.remainingBytes() == 0 ? rest : Math.min(rest, data.consumeInt(1, 4096));
        ByteBuf chunk = direct ? Unpooled.directBuffer(n) : Unpooled.buffer(n);
        chunk.writeBytes(bytes, off, n);
        off += n;
        try {
          channel.writeInbound(chunk);
        } catch (DecoderException e) {
          assertThat(failure).as("second failure after %s", failure).isNull();
          assertThat(e.getCause()).isInstanceOf(FrameException.class);
          failure = (FrameException) e.getCause();
        }
      }
      List<RlpxMessage> opened = new ArrayList<>();
      for (Object m; (m = channel.readInbound()) != null; ) {
        opened.add((RlpxMessage) m);
      }
      assertThat(opened).hasSize(expectedCount);
      for (int i = 0; i < expectedCount; i++) {
        assertThat(opened.get(i).code()).isEqualTo(sent.get(i).code());
        assertThat(opened.get(i).payload()).isEqualTo(sent.get(i).payload());
      }
      if (expectedFailure == null) {
        assertThat(failure).isNull();
      } else {
        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(expectedFailure);
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  /**
   * Input: a decoder limit, then frames whose header plaintext (size and header-data) and body
   * plaintext (id and payload, any bytes) the fuzzer chooses, sealed with valid MACs.
   */
  @FuzzTest
  void forgedFramesWithValidMacsOpenOrFailAsMalformedOrTooLarge(FuzzedDataProvider data) {
    int limit = data.consumeInt(1, MAX_LIMIT);
    Sealer sealer = new Sealer(sender());
    FrameDecoder decoder = new FrameDecoder(receiver(), limit);
    int frames = data.consumeInt(1, MAX_FRAMES);
    for (int i = 0; i < frames; i++) {
      int size = data.consumeInt(0, MAX_LIMIT + 16);
      byte[] header = Arrays.copyOf(data.consumeBytes(16), 16);
      header[0] = (byte) (size >>> 16);
      header[1] = (byte) (size >>> 8);
      header[2] = (byte) size;
      byte[] body = Arrays.copyOf(data.consumeBytes(size), FrameEncoder.padded(size));
      ByteBuf frame = Unpooled.wrappedBuffer(sealer.seal(header, body));
      RlpxMessage m;
      try {
        m = decoder.decode(frame);
      } catch (FrameException e) {
        if (size == 0) {
          assertThat(e.kind()).isEqualTo(FrameException.Kind.MALFORMED_FRAME);
        } else if (size > limit) {
          assertThat(e.kind()).isEqualTo(FrameException.Kind.FRAME_TOO_LARGE);
        } else {
          assertThat(e.kind()).isEqualTo(FrameException.Kind.MALFORMED_FRAME);
        }
        assertThat(decoder.decode(Unpooled.wrappedBuffer(new byte[64]))).isNull();
        return;
      }
      assertThat(m).as("a whole frame with valid MACs").isNotNull();
      assertThat(size).isBetween(1, limit);
      int idLength = size - m.payload().length;
      assertThat(idLength).isEqualTo(FrameEncoder.idLength(m.code()));
      assertThat(m.payload()).isEqualTo(Arrays.copyOfRange(body, idLength, size));
      assertThat(frame.isReadable()).isFalse();
    }
  }

  /**
   * Input: raw bytes, as from a peer that does not know the secrets (the seed is a real frame of
   * the legacy session, which opens).
   */
  @FuzzTest
  void rawBytesOpenOrFailOnlyWithFrameException(byte[] input) {
    FrameDecoder decoder = new FrameDecoder(receiver(), FrameDecoder.MAX_FRAME_SIZE);
    ByteBuf in = Unpooled.wrappedBuffer(input);
    try {
      RlpxMessage m = decoder.decode(in);
      if (m == null) {
        assertThat(decoder.decode(in)).isNull();
      } else {
        assertThat(FrameEncoder.idLength(m.code()) + m.payload().length).isPositive();
      }
    } catch (FrameException e) {
      assertThat(in.isReadable()).isFalse();
    }
  }

  /**
   * Seals any header and body plaintext with the sender's egress cipher and MAC, as {@link
   * FrameEncoder} does but without its checks, so the decoder's own checks are what is fuzzed.
   */
  private static final class Sealer {
    private final FrameCipher cipher;
    private final FrameMac mac;

    Sealer(SessionSecrets secrets) {
      cipher = new FrameCipher(secrets.aesSecret(), true);
      mac = new FrameMac(secrets.newEgressMac(), secrets.macSecret());
    }

    /** header: 16 plaintext bytes; body: plaintext whose length is a multiple of 16. */
    byte[] seal(byte[] header, byte[] body) {
      byte[] out = new byte[32 + body.length + 16];
      cipher.apply(header, 0, 16, out, 0);
      mac.headerMac(out, 0, out, 16);
      cipher.apply(body, 0, body.length, out, 32);
      mac.absorb(out, 32, body.length);
      mac.frameMac(out, 32 + body.length);
      return out;
    }
  }
}
