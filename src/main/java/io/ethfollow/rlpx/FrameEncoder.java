package io.ethfollow.rlpx;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Seals outgoing {@link RlpxMessage}s into RLPx frames: {@code header-ciphertext || header-mac ||
 * frame-ciphertext || frame-mac}, one message per frame, the header carrying the 24-bit size and
 * header-data {@code [0, 0]}. Encrypts the payload array straight into one heap buffer (no intermediate
 * copy), absorbing each chunk of ciphertext into the MAC right after writing it. Owns the egress cipher and MAC; runs
 * on the channel's event loop only.
 */
public final class FrameEncoder extends MessageToByteEncoder<RlpxMessage> {
  /** header (16) + header MAC (16) + frame MAC (16): what a frame adds besides padding. */
  static final int OVERHEAD = 48;

  /** header-data = rlp([capability-id = 0, context-id = 0]); receivers ignore it (rlpx.md). */
  private static final byte[] HEADER_DATA = {(byte) 0xc2, (byte) 0x80, (byte) 0x80};

  /**
   * Encrypt-then-absorb granularity: the MAC reads each chunk while it is still in L1, and SunJCE's
   * CTR loop sees enough calls to get JIT-compiled early even when every message is 1 MiB.
   */
  static final int CHUNK = 8 * 1024;

  /** Padding plaintext (at most 15 bytes). */
  private static final byte[] ZEROS = new byte[15];

  private final FrameCipher cipher;
  private final FrameMac mac;
  private final int maxFrameSize;
  /** Header plaintext: size (3 bytes, rewritten per frame), header-data, zero padding. */
  private final byte[] plain = new byte[16];
  /** Message id plaintext. */
  private final byte[] id = new byte[1 + 4];

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
    System.arraycopy(HEADER_DATA, 0, plain, 3, HEADER_DATA.length);
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
    // Every cipher call reads one array and writes another: SunJCE copies the whole input first when
    // input and output overlap (an in-place 1 MiB update allocated and copied 1 MiB).
    plain[0] = (byte) (size >>> 16);
    plain[1] = (byte) (size >>> 8);
    plain[2] = (byte) size;
    cipher.apply(plain, 0, 16, a, base);
    mac.headerMac(a, base, a, base + 16);

    int body = base + 32;
    writeId(msg.code(), idLength, id, 0);
    cipher.apply(id, 0, idLength, a, body);
    byte[] payload = msg.payload();
    int at = body + idLength;
    int absorbed = body;
    for (int done = 0; done < payload.length; ) {
      int n = Math.min(CHUNK, payload.length - done);
      cipher.apply(payload, done, n, a, at);
      at += n;
      done += n;
      mac.absorb(a, absorbed, at - absorbed);
      absorbed = at;
    }
    cipher.apply(ZEROS, 0, padded - size, a, at);
    mac.absorb(a, absorbed, body + padded - absorbed);
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
