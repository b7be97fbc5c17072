package io.ethfollow.devnet;

/**
 * What a generated transaction does, which sets its calldata size, gas and logs. The ranges are
 * mainnet-like (2025): plain transfers, token calls, DeFi interactions, heavy calls (batch
 * settlements, large calldata), rollup blob posts and EIP-7702 set-code transactions.
 *
 * @param minWords fewest 32-byte calldata words (after the selector; 0 words and no selector for
 *     a plain transfer)
 * @param maxWords most calldata words
 * @param minGas least gas used
 * @param maxGas most gas used
 * @param minLogs fewest logs emitted on success
 * @param maxLogs most logs emitted on success
 */
enum TxKind {
  TRANSFER(0, 0, 21_000, 21_000, 0, 0),
  TOKEN(2, 2, 34_000, 65_000, 1, 2),
  DEFI(4, 36, 90_000, 350_000, 2, 6),
  HEAVY(48, 190, 300_000, 1_000_000, 3, 10),
  BLOB_POST(2, 6, 21_000, 80_000, 0, 1),
  SET_CODE(2, 10, 50_000, 200_000, 0, 3);

  final int minWords;
  final int maxWords;
  final int minGas;
  final int maxGas;
  final int minLogs;
  final int maxLogs;

  TxKind(int minWords, int maxWords, int minGas, int maxGas, int minLogs, int maxLogs) {
    this.minWords = minWords;
    this.maxWords = maxWords;
    this.minGas = minGas;
    this.maxGas = maxGas;
    this.minLogs = minLogs;
    this.maxLogs = maxLogs;
  }

  /**
   * The kind of an ordinary (not blob, not set-code) transaction: transfers 33%, token calls 32%,
   * DeFi 27%, heavy 8%, about what mainnet blocks hold.
   */
  static TxKind ordinary(Rng r) {
    int k = r.nextInt(100);
    if (k < 33) {
      return TRANSFER;
    }
    if (k < 65) {
      return TOKEN;
    }
    return k < 92 ? DEFI : HEAVY;
  }
}
