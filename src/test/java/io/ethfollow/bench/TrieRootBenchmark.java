package io.ethfollow.bench;

import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Keccak;
import io.ethfollow.chain.TestVectors.MainnetBlock;
import io.ethfollow.chain.TrieRoot;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Transactions root and receipts root of real mainnet blocks through {@link TrieRoot#ordered}, each
 * next to plain Keccak-256 over one buffer holding the same bytes (the trie values concatenated), the
 * floor any root computation has to pay. Ratio = keccak ops/s ÷ root ops/s (target: ≤ 2).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TrieRootBenchmark {
  /**
   * 22869878: 301 txs (135 KB), 301 receipts (209 KB): the most items. 19426586: 127 txs but 308 KB
   * of transactions (large calldata): the most bytes per item.
   */
  @Param({"22869878", "19426586"})
  public long block;

  private List<byte[]> txs;
  private List<byte[]> receipts;
  private byte[] txBytes;
  private byte[] receiptBytes;

  @Setup(Level.Trial)
  public void load() {
    MainnetBlock b = BenchData.block(block);
    txs = BenchData.bodyTransactions(b.bodyRlp());
    receipts = BenchData.receipts(b.receipts68());
    txBytes = concat(txs);
    receiptBytes = concat(receipts);
  }

  @Benchmark
  public Hash txRoot() {
    return TrieRoot.ordered(txs);
  }

  @Benchmark
  public byte[] txKeccakSameBytes() {
    return Keccak.hash(txBytes);
  }

  @Benchmark
  public Hash receiptsRoot() {
    return TrieRoot.ordered(receipts);
  }

  @Benchmark
  public byte[] receiptsKeccakSameBytes() {
    return Keccak.hash(receiptBytes);
  }

  private static byte[] concat(List<byte[]> values) {
    byte[] out = new byte[Math.toIntExact(BenchData.totalBytes(values))];
    int at = 0;
    for (byte[] v : values) {
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }
}
