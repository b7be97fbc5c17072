package io.ethfollow.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ethfollow.chain.Keccak;
import io.ethfollow.rlp.Hex;
import io.ethfollow.wire.NodeKey;
import java.util.Arrays;

/**
 * Coverage-guided fuzz tests of the discv4 packet codec (docs/fuzzing.md). Contract: {@link
 * PacketCodec#decode} never throws, whatever the datagram; a packet it accepts came from the key
 * that signed it and re-encodes stably (encode, decode, encode gives the same packet data). Signed
 * inputs get a valid hash and signature from a fixed key, so the fuzzer reaches the packet bodies.
 */
class PacketCodecFuzzTest {
  /** A fixed key (the secret is 0x01 repeated), so every finding replays the same way. */
  private static final NodeKey KEY = NodeKey.fromSecret(filled(32, (byte) 1));

  /** hash (32) + signature (65) + type (1): what precedes the RLP data. */
  private static final int HEADER = 32 + NodeKey.SIGNATURE_SIZE + 1;

  /** Input: a whole datagram from anyone (almost always rejected for its hash). */
  @FuzzTest
  void rawDatagramsAreRejectedWithoutThrowing(byte[] datagram) {
    DecodeResult result = PacketCodec.decode(datagram, 0);
    assertThat(result).isNotNull();
  }

  /**
   * Input: byte 0 holds the packet type (bits 0-2, so 0 and 7 are unknown types) and whether the
   * clock is past every expiration (bit 7); the rest is the RLP data, signed with {@link #KEY}.
   */
  @FuzzTest
  void signedPacketsDecodeWithoutThrowingAndReencodeStably(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int type = input[0] & 0x07;
    long now = (input[0] & 0x80) == 0 ? 0 : -1; // -1: the largest unsigned time, all expired
    int end = Math.min(input.length, PacketCodec.MAX_PACKET_SIZE - HEADER + 1);
    byte[] data = Arrays.copyOfRange(input, 1, end);
    byte[] datagram = sign(type, data);
    DecodeResult result = PacketCodec.decode(datagram, now);
    if (result instanceof DecodeResult.Rejected rejected) {
      if (data.length == 0) {
        assertThat(rejected.reason()).isEqualTo(Rejection.TOO_SMALL); // a packet needs its RLP
      } else {
        assertThat(rejected.reason())
            .isIn(Rejection.UNKNOWN_TYPE, Rejection.MALFORMED, Rejection.EXPIRED);
      }
      return;
    }
    DecodeResult.Accepted accepted = (DecodeResult.Accepted) result;
    assertThat(accepted.sender()).isEqualTo(new NodeId(KEY.nodeId()));
    assertThat(accepted.hash()).isEqualTo(Arrays.copyOf(datagram, 32));
    byte[] once = PacketCodec.encode(accepted.packet(), KEY).datagram();
    DecodeResult again = PacketCodec.decode(once, now);
    assertThat(again)
        .as("re-encoded %s", Hex.encode(once))
        .isInstanceOf(DecodeResult.Accepted.class);
    byte[] twice = PacketCodec.encode(((DecodeResult.Accepted) again).packet(), KEY).datagram();
    assertThat(Arrays.copyOfRange(twice, HEADER - 1, twice.length))
        .isEqualTo(Arrays.copyOfRange(once, HEADER - 1, once.length));
  }

  /** hash || signature || type || data, with a valid hash and {@link #KEY}'s signature. */
  private static byte[] sign(int type, byte[] data) {
    byte[] typed = new byte[1 + data.length];
    typed[0] = (byte) type;
    System.arraycopy(data, 0, typed, 1, data.length);
    byte[] signature = KEY.sign(Keccak.hash(typed));
    byte[] out = new byte[32 + signature.length + typed.length];
    System.arraycopy(signature, 0, out, 32, signature.length);
    System.arraycopy(typed, 0, out, 32 + signature.length, typed.length);
    System.arraycopy(Keccak.hash(out, 32, out.length - 32), 0, out, 0, 32);
    return out;
  }

  private static byte[] filled(int n, byte b) {
    byte[] out = new byte[n];
    Arrays.fill(out, b);
    return out;
  }
}
