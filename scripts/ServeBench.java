import io.ethfollow.chain.Hash;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.RocksBlockStore;
import io.ethfollow.wire.eth.EthCodec;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.serve.ChainReader;
import io.ethfollow.wire.serve.RequestServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.*;

/**
 * Serving-path micro benchmark (docs/performance.md, "End-to-end sync benchmark"): loads every
 * receipt list of a devnet store into memory and answers GetReceipts for 32 blocks at a time through
 * the real RequestServer and EthCodec, eth/69 then eth/68, printing thread CPU per served block.
 * Runs against any build's jar (single-file source launch, no compilation step):
 *
 *   java -Xmx2g -cp target/ethfollow.jar scripts/ServeBench.java /tmp/ethfollow-bench/net-mainnet-s7-n2000/store
 *
 * CPU per served block of GetReceipts (answer + encode), eth/69 and eth/68, from a devnet store held in memory. */
public class ServeBench {
  public static void main(String[] a) {
    Map<Hash, byte[]> receipts = new HashMap<>();
    List<Hash> order = new ArrayList<>();
    try (BlockStore s = RocksBlockStore.openExisting(Path.of(a[0]), true)) {
      s.forEachCanonical(1, b -> { receipts.put(b.hash(), b.receipts()); order.add(b.hash()); return true; });
    }
    ChainReader r = new ChainReader() {
      public Optional<byte[]> headerByNumber(long n) { return Optional.empty(); }
      public Optional<byte[]> headerByHash(Hash h) { return Optional.empty(); }
      public Optional<Hash> canonicalHash(long n) { return Optional.empty(); }
      public Optional<byte[]> bodyByHash(Hash h) { return Optional.empty(); }
      public Optional<byte[]> receiptsByHash(Hash h) { return Optional.ofNullable(receipts.get(h)); }
    };
    RequestServer server = new RequestServer(r);
    var tmx = ManagementFactory.getThreadMXBean();
    for (int version : new int[] {69, 68}) {
      for (int rep = 0; rep < 4; rep++) {
        long cpu0 = tmx.getCurrentThreadCpuTime(), blocks = 0, bytes = 0;
        for (int i = 0; i < order.size(); i += 32) {
          List<Hash> ask = order.subList(i, Math.min(order.size(), i + 32));
          EthMessage m = server.answer(new EthMessage.GetReceipts(i, ask), version).orElseThrow();
          bytes += EthCodec.encode(m).length;
          blocks += ((EthMessage.Receipts) m).blocks().size();
        }
        double ms = (tmx.getCurrentThreadCpuTime() - cpu0) / 1e6;
        System.out.printf("eth/%d rep %d: %d blocks, %.1f MB, %.3f ms CPU per block%n", version, rep, blocks, bytes / 1e6, ms / blocks);
      }
    }
  }
}
