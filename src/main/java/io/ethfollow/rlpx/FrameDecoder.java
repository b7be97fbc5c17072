package io.ethfollow.rlpx;

import io.ethfollow.wire.p2p.P2pCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Opens incoming RLPx frames into {@link RlpxMessage}s (payload still as sent: snappy-compressed once
 * the session enables it). Checks the header MAC before trusting the size, rejects a size over the
 * limit as soon as the header is read (before buffering the body): until {@link #helloReceived} the
 * limit is {@link #PRE_HELLO_FRAME_SIZE} (only a Hello or a Disconnect may come first), then the
 * session's (which allows the configured maximum only while we await an answer). In one pass it absorbs the
 * ciphertext into the frame MAC and decrypts it straight into the payload array, handing the payload
 * out only if the frame MAC matches. After any failure it discards all further input: the stream
 * cannot be resynchronised. Owns the ingress cipher and MAC; runs on the channel's event loop only.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  /** The frame size field has 24 bits (rlpx.md), so no frame can be larger. */
  public static final int MAX_FRAME_SIZE = (1 << 24) - 1;

  /**
   * Largest frame accepted before the peer's Hello: the first frame can only be a Hello or a
   * Disconnect, sent uncompressed, whose one-byte id (0x00/0x01) and payload the p2p codec caps at
   * {@link P2pCodec#MAX_PAYLOAD_SIZE} (2 KiB). A bigger announced size is an attack, so a connection
   * that has not even introduced itself can make us buffer at most ~2 KiB, not 16 MiB.
   */
  public static final int PRE_HELLO_FRAME_SIZE = 1 + P2pCodec.MAX_PAYLOAD_SIZE;

  /** Header ciphertext + header MAC. */
  private static final int HEADER_LENGTH = 32;

  /** Message ids are small (p2p 0x00-0x0f, eth from 0x10); 3 bytes already allows 16 million. */
  private static final int MAX_ID_BYTES = 3;

  private final FrameCipher cipher;
  private final FrameMac mac;
  private final int maxFrameSize;
  /**
   * {@link #PRE_HELLO_FRAME_SIZE} until the peer's Hello is accepted, then what the session says
   * (read at each header, so it may change between frames), never above the configured max.
   */
  private IntSupplier limit;
  private boolean beforeHello;
  private final byte[] header = new byte[HEADER_LENGTH];
  private final byte[] expected = new byte[FrameMac.SIZE];
  private final byte[] scratch = new byte[16];
  private byte[] chunk;
  private int frameSize = -1;
  private boolean failed;

  /**
   * A decoder for a session whose Hello exchange is done (or for tests of the codec alone): frames
   * up to {@code maxFrameSize} from the start.
   *
   * @param maxFrameSize the largest frame size (message id + payload) accepted
   */
  public FrameDecoder(SessionSecrets secrets, int maxFrameSize) {
    this(secrets, maxFrameSize, maxFrameSize);
  }

  private FrameDecoder(SessionSecrets secrets, int maxFrameSize, int initialLimit) {
    if (maxFrameSize > MAX_FRAME_SIZE) {
      throw new IllegalArgumentException("frame size is a 24-bit field: " + maxFrameSize);
    }
    this.cipher = new FrameCipher(secrets.aesSecret(), false);
    this.mac = new FrameMac(secrets.newIngressMac(), secrets.macSecret());
    this.maxFrameSize = maxFrameSize;
    this.limit = () -> initialLimit;
    this.beforeHello = initialLimit < maxFrameSize;
  }

  /**
   * The decoder a new session starts with, right after the ECIES handshake: frames over {@link
   * #PRE_HELLO_FRAME_SIZE} are rejected from their header until {@link #helloReceived}.
   */
  static FrameDecoder beforeHello(SessionSecrets secrets, int maxFrameSize) {
    return new FrameDecoder(secrets, maxFrameSize, Math.min(PRE_HELLO_FRAME_SIZE, maxFrameSize));
  }

  /**
   * The session accepted the peer's Hello: from now on each frame's size is checked against {@code
   * sessionLimit} as it is when the frame's header arrives (capped at the configured maximum).
   * Called on the event loop by the session handler, while this decoder's loop may still hold
   * frames that arrived together with the Hello; those are checked against the new limit.
   */
  void helloReceived(IntSupplier sessionLimit) {
    limit = () -> Math.min(maxFrameSize, sessionLimit.getAsInt());
    beforeHello = false;
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
        cipher.apply(header, 0, 16, scratch, 0);
        int size = (scratch[0] & 0xff) << 16 | (scratch[1] & 0xff) << 8 | (scratch[2] & 0xff);
        int max = limit.getAsInt();
        if (size > max) {
          throw new FrameException(
              FrameException.Kind.FRAME_TOO_LARGE,
              "frame of " + size + " bytes exceeds the limit " + max
                  + (beforeHello ? " before Hello" : ""));
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

  /**
   * Absorbs the frame ciphertext into the MAC and decrypts it (one CTR stream: id, payload, padding)
   * in one pass of {@link FrameEncoder#CHUNK}-sized pieces, the payload straight into its array, then
   * checks the frame MAC. A bad MAC is reported before a malformed message id, and nothing decrypted
   * leaves this method unless the MAC matched.
   */
  private RlpxMessage open(ByteBuf in, int start, int size, int padded) {
    // The id is at most 1 + MAX_ID_BYTES bytes and lies within the frame size: decrypt that prefix
    // first to learn the payload length. Its verdict waits for the MAC check.
    int head = Math.min(size, 1 + MAX_ID_BYTES);
    byte[] src = source(in, start, head);
    cipher.apply(src, srcOffset(in, start), head, scratch, 0);
    int first = scratch[0] & 0xff;
    int code = 0;
    int idLength = 0;
    String malformed = null;
    if (first < 0x80) {
      code = first;
      idLength = 1;
    } else if (first == 0x80) {
      idLength = 1;
    } else if (first <= 0x80 + MAX_ID_BYTES && size > first - 0x80) {
      int n = first - 0x80;
      for (int i = 0; i < n; i++) {
        code = code << 8 | (scratch[1 + i] & 0xff);
      }
      if (code < 0x80 || (scratch[1] == 0)) {
        malformed = "non-canonical message id";
      }
      idLength = 1 + n;
    } else {
      malformed = "frame does not start with a message id";
    }

    byte[] payload = malformed == null ? new byte[size - idLength] : null;
    if (payload != null && head > idLength) {
      System.arraycopy(scratch, idLength, payload, 0, head - idLength);
    }
    // Ciphertext [0, head) is decrypted already; absorb the whole body chunk by chunk, decrypting
    // the rest of each chunk right after absorbing it.
    for (int done = 0; done < padded; ) {
      int n = Math.min(FrameEncoder.CHUNK, padded - done);
      src = source(in, start + done, n);
      int off = srcOffset(in, start + done);
      mac.absorb(src, off, n);
      int from = Math.max(done, head);
      int to = done + n;
      if (payload != null) {
        int payloadEnd = Math.min(to, size);
        if (payloadEnd > from) {
          cipher.apply(src, off + from - done, payloadEnd - from, payload, from - idLength);
          from = payloadEnd;
        }
        if (to > from) {
          cipher.apply(src, off + from - done, to - from, scratch, 0);
        }
      }
      done = to;
    }
    mac.frameMac(expected, 0);
    in.getBytes(start + padded, header, 16, FrameMac.SIZE);
    if (!macEquals(header, 16)) {
      throw new FrameException(FrameException.Kind.MAC_MISMATCH, "frame MAC mismatch");
    }
    if (malformed != null) {
      throw new FrameException(FrameException.Kind.MALFORMED_FRAME, malformed);
    }
    return new RlpxMessage(code, payload);
  }

  /**
   * The array holding ciphertext [index, index + length) of {@code in}: its backing array, or for a
   * direct buffer the chunk array after copying the range there (length at most one chunk).
   */
  private byte[] source(ByteBuf in, int index, int length) {
    if (in.hasArray()) {
      return in.array();
    }
    if (chunk == null) {
      chunk = new byte[FrameEncoder.CHUNK];
    }
    in.getBytes(index, chunk, 0, length);
    return chunk;
  }

  private static int srcOffset(ByteBuf in, int index) {
    return in.hasArray() ? in.arrayOffset() + index : 0;
  }

  private boolean macEquals(byte[] received, int offset) {
    return MessageDigest.isEqual(
        expected, java.util.Arrays.copyOfRange(received, offset, offset + FrameMac.SIZE));
  }
}
