package io.ethfollow.rpc;

import io.ethfollow.rlp.Hex;
import java.math.BigInteger;

/** The JSON-RPC encodings: quantities as 0x-hex without leading zeros, data as 0x-hex bytes. */
final class RpcJson {
  private RpcJson() {}

  static String quantity(long v) {
    return "0x" + Long.toHexString(v);
  }

  static String quantity(BigInteger v) {
    return "0x" + v.toString(16);
  }

  static String data(byte[] b) {
    return Hex.encode(b);
  }
}
