package io.ethfollow.devnet;

import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.store.BlockData;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Measures generation speed and block sizes (not a test; numbers go to docs/devnet.md):
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.ethfollow.devnet.GenerationSpeed mainnet 2000 1}.
 */
public final class GenerationSpeed {
  private GenerationSpeed() {}

  public static void main(String[] args) {
    Profile profile = Profile.named(args.length > 0 ? args[0] : "mainnet");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    DevnetChain c = DevnetChainTest.chain(42, profile, ReorgSchedule.NONE);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      c.blocks(c.genesis(), Math.min(n, 300), n, pool); // warm-up
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      long cpu0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      List<BlockData> blocks = c.blocks(c.genesis(), n, n, threads == 0 ? Runnable::run : pool);
      double secs = (System.nanoTime() - t0) / 1e9;
      if (threads == 0) {
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf("on the calling thread: %.2f s CPU = %.0f blocks per CPU-second%n", cpu, n / cpu);
      }
      long header = 0;
      long body = 0;
      long r69 = 0;
      long r68 = 0;
      long txs = 0;
      long logs = 0;
      for (BlockData b : blocks) {
        header += b.header().rlpSize();
        body += b.body().length;
        r69 += b.receipts().length;
        var receipts = ReceiptCodec.decodeEth69(b.receipts());
        r68 += ReceiptCodec.encodeEth68(receipts).length;
        txs += receipts.size();
        logs += receipts.stream().mapToInt(r -> r.logs().size()).sum();
      }
      System.out.printf(
          "%s: %d blocks on %d thread(s) in %.2f s = %.0f blocks/s; per block: %d txs, %d logs, header %d B, body %d B,"
              + " receipts eth/69 %d B (eth/68 %d B); block+receipts69 %d B, block+receipts68 %d B%n",
          profile.name(), n, threads, secs, n / secs, txs / n, logs / n, header / n, body / n, r69 / n, r68 / n,
          (header + body + r69) / n, (header + body + r68) / n);
    } finally {
      pool.shutdownNow();
    }
  }
}
