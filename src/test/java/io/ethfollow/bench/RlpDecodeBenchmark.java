package io.ethfollow.bench;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.TestVectors.MainnetBlock;
import io.ethfollow.rlp.RlpReader;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding real mainnet block bodies (body = [txs, uncles(, withdrawals)]) with the strict {@link
 * RlpReader} against Tuweni RLP 2.3.1 in strict mode ({@code lenient=false}). Both sides do the same
 * work a real body decoder does: enter every list, decode every typed transaction's inner field list
 * (type byte || rlp(fields)) in place, and copy every leaf value out into a fresh {@code byte[]},
 * which goes to the Blackhole. MB/s = ops/s × body bytes (scripts/jmh-table.py computes it).
 *
 * <p>Defaults are the short development settings; scripts/jmh.sh passes the final ones on the
 * command line (see docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RlpDecodeBenchmark {
  /** The three largest bodies among the vectors: 308 KB/127 txs, 135 KB/301 txs, 135 KB/184 txs. */
  @Param({"19426586", "22869878", "17034870"})
  public long block;

  private byte[] body;
  private Bytes tuweniBody;
  private byte[] header;
  private Bytes tuweniHeader;

  @Setup(Level.Trial)
  public void load() {
    MainnetBlock b = BenchData.block(block);
    body = b.bodyRlp();
    tuweniBody = Bytes.wrap(body);
    header = b.headerRlp();
    tuweniHeader = Bytes.wrap(header);
    // Both walkers must see the same number of leaf bytes, or they are not doing the same work.
    long[] leafBytes = {
      strictBody(body, new Sink(null)),
      tuweniBody(tuweniBody, new Sink(null)),
      strictBody(body, null),
      tuweniBody(tuweniBody, null)
    };
    for (long n : leafBytes) {
      if (n != leafBytes[0]) {
        throw new IllegalStateException("walkers disagree: " + java.util.Arrays.toString(leafBytes));
      }
    }
  }

  @Benchmark
  public long bodyStrict(Blackhole bh) {
    return strictBody(body, new Sink(bh));
  }

  @Benchmark
  public long bodyTuweni(Blackhole bh) {
    return tuweniBody(tuweniBody, new Sink(bh));
  }

  /**
   * Validation only: every header checked and every typed transaction entered, leaves skipped instead
   * of copied. Shows the cost of parsing structure alone, without allocation of leaf arrays.
   */
  @Benchmark
  public long bodyStrictSkipLeaves() {
    return strictBody(body, null);
  }

  @Benchmark
  public long bodyTuweniSkipLeaves() {
    return tuweniBody(tuweniBody, null);
  }

  /** The production header decoder: strict fields plus keccak256 of the header (the block hash). */
  @Benchmark
  public BlockHeader headerBlockHeaderDecodeWithHash() {
    return BlockHeader.decode(header);
  }

  /** Header fields only, strict reader, leaves copied (no hash): comparable with Tuweni below. */
  @Benchmark
  public long headerStrict(Blackhole bh) {
    RlpReader outer = new RlpReader(header);
    long n = strictList(outer.readList(), new Sink(bh));
    outer.ensureDone();
    return n;
  }

  @Benchmark
  public long headerTuweni(Blackhole bh) {
    Sink sink = new Sink(bh);
    return RLP.decodeList(tuweniHeader, false, r -> tuweniList(r, sink));
  }

  // ---------------------------------------------------------------- strict walker

  static long strictBody(byte[] body, Sink sink) {
    RlpReader outer = new RlpReader(body);
    RlpReader fields = outer.readList();
    outer.ensureDone();
    long n = 0;
    RlpReader txs = fields.readList();
    while (txs.hasNext()) {
      if (txs.nextIsList()) {
        n += strictList(txs.readList(), sink); // legacy transaction
      } else {
        // typed transaction: a string holding type || rlp(fields); decode the fields in place
        int length = txs.nextPayloadLength();
        txs.skip();
        int payloadEnd = txs.position();
        int payloadStart = payloadEnd - length;
        RlpReader typed = new RlpReader(body, payloadStart + 1, length - 1);
        n += strictList(typed.readList(), sink);
        typed.ensureDone();
      }
    }
    while (fields.hasNext()) {
      n += strictList(fields.readList(), sink); // uncles, then withdrawals when present
    }
    return n;
  }

  static long strictList(RlpReader list, Sink sink) {
    long n = 0;
    while (list.hasNext()) {
      if (list.nextIsList()) {
        n += strictList(list.readList(), sink);
      } else if (sink == null) {
        n += list.nextPayloadLength();
        list.skip();
      } else {
        n += sink.take(list.readBytes());
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- Tuweni walker

  static long tuweniBody(Bytes body, Sink sink) {
    return RLP.decodeList(
        body,
        false,
        fields -> {
          long n =
              fields.readList(
                  false,
                  txs -> {
                    long t = 0;
                    while (!txs.isComplete()) {
                      if (txs.nextIsList()) {
                        t += txs.readList(false, tx -> tuweniList(tx, sink));
                      } else {
                        Bytes typed = txs.readValue(false);
                        t += RLP.decodeList(typed.slice(1), false, tx -> tuweniList(tx, sink));
                      }
                    }
                    return t;
                  });
          while (!fields.isComplete()) {
            n += fields.readList(false, l -> tuweniList(l, sink));
          }
          return n;
        });
  }

  static long tuweniList(RLPReader r, Sink sink) {
    long n = 0;
    while (!r.isComplete()) {
      if (r.nextIsList()) {
        n += r.readList(false, inner -> tuweniList(inner, sink));
      } else if (sink == null) {
        n += r.readValue(false).size(); // a view, no copy: Tuweni's cheapest way past a value
      } else {
        n += sink.take(r.readValue(false).toArray());
      }
    }
    return n;
  }

  /** Hands each copied leaf to the Blackhole (a null Blackhole during the setup cross-check). */
  static final class Sink {
    private final Blackhole bh;

    Sink(Blackhole bh) {
      this.bh = bh;
    }

    long take(byte[] leaf) {
      if (bh != null) {
        bh.consume(leaf);
      }
      return leaf.length;
    }
  }
}
