package io.ethfollow.devnet;

import java.util.Locale;

/**
 * How much a devnet block holds. {@code SMALL} keeps tests fast (a handful of transactions of every
 * type, a few logs); {@code MAINNET} looks like an Ethereum mainnet block of 2025 (transaction count,
 * type mix, calldata sizes, logs, 16 withdrawals, blobs), so sync benchmarks move realistic bytes.
 *
 * @param minTxs fewest transactions in a block (blob transactions included)
 * @param maxTxs most transactions in a block
 * @param maxBlobTxs most blob (type 3) transactions in a block
 * @param withdrawals withdrawals per block
 * @param sizeScale multiplies calldata and log sizes (1 = mainnet-like)
 * @param mainnetMix transaction types in mainnet proportions; otherwise every type equally often
 */
public record Profile(
    String name, int minTxs, int maxTxs, int maxBlobTxs, int withdrawals, double sizeScale,
    boolean mainnetMix) {
  /**
   * A handful of transactions (every type shows up within a few blocks), 2 withdrawals, short
   * calldata: a block is 1-3 KB, so tests generate thousands per second.
   */
  public static final Profile SMALL = new Profile("small", 3, 6, 1, 2, 0.1, false);

  /**
   * Mainnet in 2025: 150-200 transactions (about 3 blob transactions, 1-4 set-code), 16 withdrawals
   * (the consensus layer's MAX_WITHDRAWALS_PER_PAYLOAD), calldata and logs at mainnet sizes. Measured
   * sizes are in docs/devnet.md.
   */
  public static final Profile MAINNET = new Profile("mainnet", 150, 200, 6, 16, 1.0, true);

  /** The profile with this name (case-insensitive). */
  public static Profile named(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.equals(SMALL.name)) {
      return SMALL;
    }
    if (n.equals(MAINNET.name)) {
      return MAINNET;
    }
    throw new IllegalArgumentException("unknown profile '" + name + "' (small or mainnet)");
  }
}
