package io.ethfollow.rlpx;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;

/**
 * Opens incoming RLPx frames into {@link RlpxMessage}s (payload still as sent: snappy-compressed once
 * the session enables it). Checks the header MAC before trusting the size, rejects a size over the
 * limit as soon as the header is read (before buffering the body), checks the frame MAC over the
 * ciphertext, then decrypts straight into the payload array. After any failure it discards all
 * further input: the stream cannot be resynchronised. Owns the ingress cipher and MAC; runs on the
 * channel's event loop only.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  /** The frame size field has 24 bits (rlpx.md), so no frame can be larger. */
  public static final int MAX_FRAME_SIZE = (1 << 24) - 1;

  /** Header ciphertext + header MAC. */
  private static final int HEADER_LENGTH = 32;

  /** Chunk for feeding direct buffers to the array-only Keccak: big enough to amortise the copy. */
  private static final int MAC_CHUNK = 16 * 1024;

  /** Message ids are small (p2p 0x00-0x0f, eth from 0x10); 3 bytes already allows 16 million. */
  private static final int MAX_ID_BYTES = 3;

  private final FrameCipher cipher;
  private final FrameMac mac;
  private final int maxFrameSize;
  private final byte[] header = new byte[HEADER_LENGTH];
  private final byte[] expected = new byte[FrameMac.SIZE];
  private final byte[] scratch = new byte[16];
  private byte[] chunk;
  private int frameSize = -1;
  private boolean failed;

  /** @param maxFrameSize the largest frame size (message id + payload) accepted */
  public FrameDecoder(SessionSecrets secrets, int maxFrameSize) {
    if (maxFrameSize > MAX_FRAME_SIZE) {
      throw new IllegalArgumentException("frame size is a 24-bit field: " + maxFrameSize);
    }
    this.cipher = new FrameCipher(secrets.aesSecret(), false);
    this.mac = new FrameMac(secrets.newIngressMac(), secrets.macSecret());
    this.maxFrameSize = maxFrameSize;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    RlpxMessage msg = decode(in);
    if (msg != null) {
      out.add(msg);
    }
  }

  /**
   * Decodes one frame from {@code in} if it is complete; returns null when more bytes are needed.
   *
   * @throws FrameException when the peer broke the framing rules (further input is then discarded)
   */
  RlpxMessage decode(ByteBuf in) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return null;
    }
    try {
      if (frameSize < 0) {
        if (in.readableBytes() < HEADER_LENGTH) {
          return null;
        }
        in.readBytes(header);
        mac.headerMac(header, 0, expected, 0);
        if (!macEquals(header, 16)) {
          throw new FrameException(FrameException.Kind.MAC_MISMATCH, "header MAC mismatch");
        }
        cipher.apply(header, 0, 16, header, 0);
        int size = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
        if (size > maxFrameSize) {
          throw new FrameException(
              FrameException.Kind.FRAME_TOO_LARGE,
              "frame of " + size + " bytes exceeds the limit " + maxFrameSize);
        }
        if (size == 0) {
          throw new FrameException(FrameException.Kind.MALFORMED_FRAME, "empty frame");
        }
        frameSize = size;
      }
      int padded = FrameEncoder.padded(frameSize);
      if (in.readableBytes() < padded + FrameMac.SIZE) {
        return null;
      }
      int start = in.readerIndex();
      absorb(in, start, padded);
      mac.frameMac(expected, 0);
      in.getBytes(start + padded, header, 16, FrameMac.SIZE);
      if (!macEquals(header, 16)) {
        throw new FrameException(FrameException.Kind.MAC_MISMATCH, "frame MAC mismatch");
      }
      RlpxMessage msg = open(in, start, frameSize, padded);
      in.skipBytes(padded + FrameMac.SIZE);
      frameSize = -1;
      return msg;
    } catch (FrameException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  /** Decrypts id, payload and padding in order (one CTR stream), the payload straight into its array. */
  private RlpxMessage open(ByteBuf in, int start, int size, int padded) {
    decrypt(in, start, 1, scratch, 0);
    int first = scratch[0] & 0xff;
    int code;
    int idLength;
    if (first < 0x80) {
      code = first;
      idLength = 1;
    } else if (first == 0x80) {
      code = 0;
      idLength = 1;
    } else if (first <= 0x80 + MAX_ID_BYTES && size > first - 0x80) {
      int n = first - 0x80;
      decrypt(in, start + 1, n, scratch, 1);
      code = 0;
      for (int i = 0; i < n; i++) {
        code = code << 8 | (scratch[1 + i] & 0xff);
      }
      if (code < 0x80 || (scratch[1] == 0)) {
        throw new FrameException(FrameException.Kind.MALFORMED_FRAME, "non-canonical message id");
      }
      idLength = 1 + n;
    } else {
      throw new FrameException(FrameException.Kind.MALFORMED_FRAME, "frame does not start with a message id");
    }
    byte[] payload = new byte[size - idLength];
    decrypt(in, start + idLength, payload.length, payload, 0);
    int padding = padded - size;
    if (padding > 0) {
      decrypt(in, start + size, padding, scratch, 0);
    }
    return new RlpxMessage(code, payload);
  }

  private void decrypt(ByteBuf in, int index, int length, byte[] dst, int dstOffset) {
    if (length == 0) {
      return;
    }
    if (in.hasArray()) {
      cipher.apply(in.array(), in.arrayOffset() + index, length, dst, dstOffset);
    } else {
      cipher.apply(in.nioBuffer(index, length), ByteBuffer.wrap(dst, dstOffset, length));
    }
  }

  private void absorb(ByteBuf in, int index, int length) {
    if (in.hasArray()) {
      mac.absorb(in.array(), in.arrayOffset() + index, length);
      return;
    }
    if (chunk == null) {
      chunk = new byte[MAC_CHUNK];
    }
    for (int done = 0; done < length; ) {
      int n = Math.min(MAC_CHUNK, length - done);
      in.getBytes(index + done, chunk, 0, n);
      mac.absorb(chunk, 0, n);
      done += n;
    }
  }

  private boolean macEquals(byte[] received, int offset) {
    return MessageDigest.isEqual(
        expected, java.util.Arrays.copyOfRange(received, offset, offset + FrameMac.SIZE));
  }
}
