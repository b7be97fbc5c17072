package io.ethfollow.rlpx;

import static io.ethfollow.rlpx.RlpxVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.chain.Keccak;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frame encoder/decoder: known frames, round trips, and the ways a peer can break framing. */
class FrameCodecTest {
  static final JsonNode LEGACY = RlpxVectors.load("legacy-session.json");

  @Test
  void encoderReproducesTheLegacySessionHelloFramesOfBothSides() {
    JsonNode v = LEGACY.get("values");
    JsonNode d = LEGACY.get("decoded");
    byte[] initiatorFrame = encode(HandshakeVectorTest.legacy(v, true), helloOf(d, "initiator_hello_frame_plaintext"));
    byte[] receiverFrame = encode(HandshakeVectorTest.legacy(v, false), helloOf(d, "receiver_hello_frame_plaintext"));
    assertThat(initiatorFrame).isEqualTo(hex(v, "initiator_hello_packet"));
    assertThat(receiverFrame).isEqualTo(hex(v, "receiver_hello_packet"));
  }

  @Test
  void decoderOpensTheLegacySessionHelloFrames() {
    JsonNode v = LEGACY.get("values");
    JsonNode d = LEGACY.get("decoded");
    RlpxMessage atReceiver = decodeOne(HandshakeVectorTest.legacy(v, false), hex(v, "initiator_hello_packet"));
    RlpxMessage atInitiator = decodeOne(HandshakeVectorTest.legacy(v, true), hex(v, "receiver_hello_packet"));
    assertThat(atReceiver.code()).isZero();
    assertThat(atReceiver.payload()).isEqualTo(helloOf(d, "initiator_hello_frame_plaintext").payload());
    assertThat(atInitiator.payload()).isEqualTo(helloOf(d, "receiver_hello_frame_plaintext").payload());
  }

  @Test
  void ciphertextAndPaddingMatchTheGethFrameVector() {
    JsonNode v = RlpxVectors.load("frame-geth-stub-mac.json");
    byte[] key = Keccak.hash(new byte[0]);
    assertThat(key).isEqualTo(hex(v, "aes_secret"));
    SessionSecrets s = new SessionSecrets(key, key, new byte[0], new byte[0]);
    byte[] frame = encode(s, new RlpxMessage(v.get("msg_code").asInt(), hex(v, "payload")));
    byte[] expected = hex(v, "frame_bytes");
    assertThat(frame).hasSize(expected.length);
    // The vector replaces both MACs with a stub; only the ciphertext halves are comparable.
    assertThat(Arrays.copyOfRange(frame, 0, 16)).isEqualTo(Arrays.copyOfRange(expected, 0, 16));
    assertThat(Arrays.copyOfRange(frame, 32, 48)).isEqualTo(Arrays.copyOfRange(expected, 32, 48));
  }

  @Test
  void messagesSurviveARoundTripWhenBytesArriveInRandomChunks() {
    SessionSecrets[] pair = Sessions.pair();
    FrameEncoder enc = new FrameEncoder(pair[0], FrameDecoder.MAX_FRAME_SIZE);
    ByteBuf wire = Unpooled.buffer();
    Random random = new Random(7);
    RlpxMessage[] sent = new RlpxMessage[40];
    for (int i = 0; i < sent.length; i++) {
      byte[] payload = new byte[random.nextInt(i == 5 ? 300_000 : 3000)];
      random.nextBytes(payload);
      sent[i] = new RlpxMessage(i == 7 ? 0x1234 : random.nextInt(0x30), payload);
      enc.encode(sent[i], wire);
    }
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(pair[1], FrameDecoder.MAX_FRAME_SIZE));
    while (wire.isReadable()) {
      int n = Math.min(wire.readableBytes(), 1 + random.nextInt(5000));
      ch.writeInbound(wire.readRetainedSlice(n));
    }
    for (RlpxMessage m : sent) {
      RlpxMessage got = ch.readInbound();
      assertThat(got.code()).isEqualTo(m.code());
      assertThat(got.payload()).isEqualTo(m.payload());
    }
    assertThat((Object) ch.readInbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void flippedCiphertextBitIsAFrameMacMismatchAndLaterInputIsDiscarded() {
    SessionSecrets[] pair = Sessions.pair();
    byte[] frame = encode(pair[0], new RlpxMessage(0x10, new byte[100]));
    frame[40] ^= 1;
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(pair[1], FrameDecoder.MAX_FRAME_SIZE));
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(frame)))
        .isInstanceOf(DecoderException.class)
        .cause()
        .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.kind()).isEqualTo(FrameException.Kind.MAC_MISMATCH));
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[64]));
    assertThat((Object) ch.readInbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void flippedHeaderBitIsAHeaderMacMismatch() {
    SessionSecrets[] pair = Sessions.pair();
    byte[] frame = encode(pair[0], new RlpxMessage(0x10, new byte[10]));
    frame[1] ^= 1;
    FrameDecoder dec = new FrameDecoder(pair[1], FrameDecoder.MAX_FRAME_SIZE);
    assertThatThrownBy(() -> dec.decode(Unpooled.wrappedBuffer(frame)))
        .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.kind()).isEqualTo(FrameException.Kind.MAC_MISMATCH));
  }

  @Test
  void frameOverTheLimitIsRejectedFromItsHeaderBeforeTheBodyArrives() {
    SessionSecrets[] pair = Sessions.pair();
    byte[] frame = encode(pair[0], new RlpxMessage(0x10, new byte[70_000]));
    FrameDecoder dec = new FrameDecoder(pair[1], 65_536);
    ByteBuf headerOnly = Unpooled.wrappedBuffer(frame, 0, 32);
    assertThatThrownBy(() -> dec.decode(headerOnly))
        .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.kind()).isEqualTo(FrameException.Kind.FRAME_TOO_LARGE));
  }

  @Test
  void encoderRefusesAMessageOverItsLimit() {
    FrameEncoder enc = new FrameEncoder(Sessions.pair()[0], 1000);
    assertThatThrownBy(() -> enc.encode(new RlpxMessage(1, new byte[1000]), Unpooled.buffer()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void snappyLengthPrefixOverSixteenMebibytesIsRejectedBeforeDecompressing() {
    byte[] bomb = {(byte) 0x81, (byte) 0x80, (byte) 0x80, 0x09, 0x00}; // varint 16 MiB + 1... + more
    assertThat(SnappyCodec.uncompressedLength(bomb)).isGreaterThan(SnappyCodec.MAX_UNCOMPRESSED);
    assertThatThrownBy(() -> SnappyCodec.decompress(bomb))
        .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.kind()).isEqualTo(FrameException.Kind.SNAPPY_TOO_LARGE));
  }

  @Test
  void snappyRoundTripsAndRejectsGarbage() {
    byte[] data = new byte[100_000];
    new Random(1).nextBytes(data);
    assertThat(SnappyCodec.decompress(SnappyCodec.compress(data))).isEqualTo(data);
    assertThatThrownBy(() -> SnappyCodec.decompress(new byte[] {0x10, 1, 2, 3}))
        .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.kind()).isEqualTo(FrameException.Kind.MALFORMED_SNAPPY));
  }

  static byte[] encode(SessionSecrets s, RlpxMessage m) {
    ByteBuf out = Unpooled.buffer();
    new FrameEncoder(s, FrameDecoder.MAX_FRAME_SIZE).encode(m, out);
    byte[] b = new byte[out.readableBytes()];
    out.readBytes(b);
    return b;
  }

  static RlpxMessage decodeOne(SessionSecrets s, byte[] frame) {
    ByteBuf in = Unpooled.wrappedBuffer(frame);
    RlpxMessage m = new FrameDecoder(s, FrameDecoder.MAX_FRAME_SIZE).decode(in);
    assertThat(in.isReadable()).isFalse();
    return m;
  }

  private static RlpxMessage helloOf(JsonNode decoded, String field) {
    byte[] plain = hex(decoded, field);
    assertThat(plain[0]).isEqualTo((byte) 0x80);
    return new RlpxMessage(0, Arrays.copyOfRange(plain, 1, plain.length));
  }
}
