package io.ethfollow.rlpx;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Seals outgoing {@link RlpxMessage}s into RLPx frames: {@code header-ciphertext || header-mac ||
 * frame-ciphertext || frame-mac}, one message per frame, the header carrying the 24-bit size and
 * header-data {@code [0, 0]}. Writes straight into one heap buffer and encrypts in place, so each byte
 * is copied once. Owns the egress cipher and MAC; runs on the channel's event loop only.
 */
public final class FrameEncoder extends MessageToByteEncoder<RlpxMessage> {
  /** header (16) + header MAC (16) + frame MAC (16): what a frame adds besides padding. */
  static final int OVERHEAD = 48;

  /** header-data = rlp([capability-id = 0, context-id = 0]); receivers ignore it (rlpx.md). */
  private static final byte[] HEADER_DATA = {(byte) 0xc2, (byte) 0x80, (byte) 0x80};

  private final FrameCipher cipher;
  private final FrameMac mac;
  private final int maxFrameSize;

  /**
   * @param maxFrameSize the largest frame size (message id + payload) this side sends; at most the
   *     24-bit maximum
   */
  public FrameEncoder(SessionSecrets secrets, int maxFrameSize) {
    super(RlpxMessage.class, false);
    if (maxFrameSize > FrameDecoder.MAX_FRAME_SIZE) {
      throw new IllegalArgumentException("frame size is a 24-bit field: " + maxFrameSize);
    }
    this.cipher = new FrameCipher(secrets.aesSecret(), true);
    this.mac = new FrameMac(secrets.newEgressMac(), secrets.macSecret());
    this.maxFrameSize = maxFrameSize;
  }

  /** Size of the whole frame for a message: what {@link #encode} appends. */
  static int frameLength(RlpxMessage msg) {
    return OVERHEAD + padded(idLength(msg.code()) + msg.payload().length);
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RlpxMessage msg, boolean preferDirect) {
    return ctx.alloc().heapBuffer(frameLength(msg));
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, RlpxMessage msg, ByteBuf out) {
    encode(msg, out);
  }

  /**
   * Appends the frame of {@code msg} to {@code out} (a heap buffer).
   *
   * @throws IllegalArgumentException when the message exceeds the frame size limit
   */
  void encode(RlpxMessage msg, ByteBuf out) {
    int idLength = idLength(msg.code());
    int size = idLength + msg.payload().length;
    if (size > maxFrameSize) {
      throw new IllegalArgumentException(
          "message " + msg.code() + " of " + size + " bytes exceeds the frame limit " + maxFrameSize);
    }
    int padded = padded(size);
    int total = OVERHEAD + padded;
    out.ensureWritable(total);
    byte[] a = out.array();
    int base = out.arrayOffset() + out.writerIndex();
    a[base] = (byte) (size >>> 16);
    a[base + 1] = (byte) (size >>> 8);
    a[base + 2] = (byte) size;
    System.arraycopy(HEADER_DATA, 0, a, base + 3, HEADER_DATA.length);
    java.util.Arrays.fill(a, base + 6, base + 16, (byte) 0);
    cipher.apply(a, base, 16, a, base);
    mac.headerMac(a, base, a, base + 16);

    int body = base + 32;
    writeId(msg.code(), idLength, a, body);
    System.arraycopy(msg.payload(), 0, a, body + idLength, msg.payload().length);
    java.util.Arrays.fill(a, body + size, body + padded, (byte) 0);
    cipher.apply(a, body, padded, a, body);
    mac.absorb(a, body, padded);
    mac.frameMac(a, body + padded);
    out.writerIndex(out.writerIndex() + total);
  }

  static int padded(int size) {
    return (size + 15) & ~15;
  }

  /** Length of the RLP encoding of a message id (a canonical RLP integer). */
  static int idLength(int code) {
    if (code < 0x80) {
      return 1;
    }
    int bytes = (32 - Integer.numberOfLeadingZeros(code) + 7) / 8;
    return 1 + bytes;
  }

  private static void writeId(int code, int idLength, byte[] a, int at) {
    if (code == 0) {
      a[at] = (byte) 0x80;
    } else if (code < 0x80) {
      a[at] = (byte) code;
    } else {
      int n = idLength - 1;
      a[at] = (byte) (0x80 + n);
      for (int i = 0; i < n; i++) {
        a[at + 1 + i] = (byte) (code >>> (8 * (n - 1 - i)));
      }
    }
  }
}
