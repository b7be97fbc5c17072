package io.ethfollow.rpc;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ChainSpec;
import java.math.BigInteger;
import java.util.List;

/**
 * The blob base fee of a block from its header's {@code excessBlobGas} and the blob schedule of the
 * fork in force (EIP-4844's fake exponential with that fork's update fraction; EIP-7691 raised it
 * for Prague, EIP-7892 blob-parameter-only forks raise it again). Pure; any thread.
 */
final class BlobFees {
  /** EIP-4844: the blob base fee never falls below 1 wei. */
  private static final BigInteger MIN_BLOB_BASE_FEE = BigInteger.ONE;

  /** Gas one blob costs (EIP-4844 GAS_PER_BLOB): 2^17. */
  static final long GAS_PER_BLOB = 1L << 17;

  /** A fork's blob parameters: blobs per block it targets and allows, and the fee's update fraction. */
  record Schedule(String fork, int target, int max, long updateFraction) {}

  /**
   * Newest first, so the first active one applies. Values from the EIPs that set them (4844 Cancun,
   * 7691 Prague, Osaka keeps Prague's, 7892 BPO1 and BPO2 as mainnet scheduled them).
   */
  static final List<Schedule> SCHEDULES = List.of(
      new Schedule("bpo2", 14, 21, 11_684_671),
      new Schedule("bpo1", 10, 15, 8_346_193),
      new Schedule("osaka", 6, 9, 5_007_716),
      new Schedule("prague", 6, 9, 5_007_716),
      new Schedule("cancun", 3, 6, 3_338_477));

  private BlobFees() {}

  /** The blob base fee in {@code header}'s block, or null before Cancun (no excess blob gas). */
  static BigInteger blobBaseFee(ChainSpec spec, BlockHeader header) {
    if (header.excessBlobGas() == null) {
      return null;
    }
    for (Schedule s : SCHEDULES) {
      if (spec.isActive(s.fork(), header.number(), header.timestamp())) {
        return fakeExponential(MIN_BLOB_BASE_FEE, BigInteger.valueOf(header.excessBlobGas()),
            BigInteger.valueOf(s.updateFraction()));
      }
    }
    return null;
  }

  /** EIP-4844 fake_exponential: factor · e^(numerator / denominator), in integers, by Taylor series. */
  static BigInteger fakeExponential(BigInteger factor, BigInteger numerator, BigInteger denominator) {
    BigInteger output = BigInteger.ZERO;
    BigInteger accumulator = factor.multiply(denominator);
    for (int i = 1; accumulator.signum() > 0; i++) {
      output = output.add(accumulator);
      accumulator = accumulator.multiply(numerator).divide(denominator.multiply(BigInteger.valueOf(i)));
    }
    return output.divide(denominator);
  }
}
