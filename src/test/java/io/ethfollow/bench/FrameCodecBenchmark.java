package io.ethfollow.bench;

import io.ethfollow.rlpx.FrameCodecBench;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.KeccakDigest;
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
 * RLPx frame codec throughput per direction on one thread: {@code encode} seals one message into a
 * frame (AES-256-CTR + Keccak MAC), {@code decode} opens a pre-sealed frame (MAC check + decrypt into
 * the payload array). No snappy, no socket. {@code keccak} is the reference ceiling: plain Bouncy
 * Castle {@link KeccakDigest} absorbing the same number of bytes into a running state (what the
 * frame MAC must do with every ciphertext byte). MB/s = ops/s × message size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class FrameCodecBenchmark {
  /** 64 KiB (a typical headers/bodies reply chunk) and 1 MiB (a large receipts reply). */
  @Param({"65536", "1048576"})
  public int size;

  private FrameCodecBench bench;
  private byte[] data;
  private KeccakDigest keccak;

  @Setup(Level.Iteration)
  public void setup() {
    bench = new FrameCodecBench(size);
    data = new byte[size];
    new Random(2).nextBytes(data);
    keccak = new KeccakDigest(256);
  }

  @Benchmark
  public int encode() {
    return bench.encodeOne();
  }

  @Benchmark
  public int decode() {
    return bench.decodeOne();
  }

  @Benchmark
  public int keccak() {
    keccak.update(data, 0, data.length);
    return data.length;
  }
}
