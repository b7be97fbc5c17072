package io.ethfollow.rlpx;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;

/**
 * Benchmark fixture (package access to the codec): an encoder, and a ring of frames sealed once from
 * the start of a session for the decoder. The ingress state advances frame by frame, so after the
 * last frame the decoder is recreated from the same secrets and reads the ring again (a few
 * microseconds per 64 frames).
 */
public final class FrameCodecBench {
  /** Frames sealed ahead for decoding: enough that recreating the decoder is noise. */
  private static final int RING = 64;

  private final SessionSecrets[] pair = Sessions.pair();
  private final FrameEncoder encoder = new FrameEncoder(pair[0], FrameDecoder.MAX_FRAME_SIZE);
  private FrameDecoder decoder;
  private final RlpxMessage message;
  private final ByteBuf out;
  private final ByteBuf frames;
  private int left;

  public FrameCodecBench(int size) {
    byte[] payload = new byte[size];
    new Random(1).nextBytes(payload);
    message = new RlpxMessage(0x16, payload);
    out = Unpooled.buffer(FrameEncoder.frameLength(message));
    frames = Unpooled.buffer(RING * FrameEncoder.frameLength(message));
    FrameEncoder feeder = new FrameEncoder(pair[0], FrameDecoder.MAX_FRAME_SIZE);
    for (int i = 0; i < RING; i++) {
      feeder.encode(message, frames);
    }
  }

  public int encodeOne() {
    out.clear();
    encoder.encode(message, out);
    return out.readableBytes();
  }

  public int decodeOne() {
    if (left == 0) {
      frames.readerIndex(0);
      decoder = new FrameDecoder(pair[1], FrameDecoder.MAX_FRAME_SIZE);
      left = RING;
    }
    left--;
    return decoder.decode(frames).payload().length;
  }
}
