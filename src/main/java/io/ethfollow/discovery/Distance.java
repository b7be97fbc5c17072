package io.ethfollow.discovery;

/** Kademlia XOR distance on 32-byte keccak hashes of node ids (discv4.md). Stateless. */
final class Distance {
  private Distance() {}

  /** log2 of the XOR distance plus one: 0 for equal hashes, 256 when the first bit differs. */
  static int log(byte[] a, byte[] b) {
    for (int i = 0; i < a.length; i++) {
      int x = (a[i] ^ b[i]) & 0xff;
      if (x != 0) {
        return (a.length - i) * 8 - (Integer.numberOfLeadingZeros(x) - 24);
      }
    }
    return 0;
  }

  /** Negative when {@code a} is closer to {@code target} than {@code b}, zero when equally far. */
  static int compare(byte[] target, byte[] a, byte[] b) {
    for (int i = 0; i < target.length; i++) {
      int da = (a[i] ^ target[i]) & 0xff;
      int db = (b[i] ^ target[i]) & 0xff;
      if (da != db) {
        return Integer.compare(da, db);
      }
    }
    return 0;
  }
}
