package io.ethfollow.bench;

import io.ethfollow.chain.TestVectors;
import io.ethfollow.chain.TestVectors.MainnetBlock;
import io.ethfollow.rlp.RlpReader;
import java.util.ArrayList;
import java.util.List;

/** Benchmark inputs: real mainnet blocks from the test vectors, looked up by number. */
final class BenchData {
  private BenchData() {}

  static MainnetBlock block(long number) {
    for (MainnetBlock b : TestVectors.mainnetBlocks()) {
      if (b.number() == number) {
        return b;
      }
    }
    throw new IllegalArgumentException("no mainnet vector for block " + number);
  }

  /**
   * Trie values of an eth/68-style list (transactions in a body, receipts): a legacy item is an RLP
   * list and its raw encoding is the value; a typed item is an RLP string whose payload is the value.
   */
  static List<byte[]> trieValues(RlpReader list) {
    List<byte[]> values = new ArrayList<>();
    while (list.hasNext()) {
      values.add(list.nextIsList() ? list.readRaw() : list.readBytes());
    }
    return values;
  }

  static List<byte[]> bodyTransactions(byte[] bodyRlp) {
    return trieValues(new RlpReader(bodyRlp).readList().readList());
  }

  static List<byte[]> receipts(byte[] receiptsRlp) {
    return trieValues(new RlpReader(receiptsRlp).readList());
  }

  static long totalBytes(List<byte[]> values) {
    long n = 0;
    for (byte[] v : values) {
      n += v.length;
    }
    return n;
  }
}
