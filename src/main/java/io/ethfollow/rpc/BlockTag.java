package io.ethfollow.rpc;

/**
 * A block named in a request: a number or one of the tags of the execution-apis
 * {@code BlockNumberOrTag} ({@code latest}, {@code pending} — the same as latest here, ethfollow
 * has no mempool —, {@code earliest}, {@code safe}, {@code finalized}).
 */
public sealed interface BlockTag {
  record Number(long number) implements BlockTag {}

  enum Named implements BlockTag {
    LATEST,
    PENDING,
    EARLIEST,
    SAFE,
    FINALIZED
  }

  /** Parses a tag or a hex quantity; throws invalid-params prefixed with {@code what}. */
  static BlockTag parse(String text, String what) {
    switch (text) {
      case "latest":
        return Named.LATEST;
      case "pending":
        return Named.PENDING;
      case "earliest":
        return Named.EARLIEST;
      case "safe":
        return Named.SAFE;
      case "finalized":
        return Named.FINALIZED;
      default:
        long n = RpcParams.quantity(text, what);
        if (n < 0) { // parsed unsigned: 2^63 or more
          throw RpcException.invalidParams(what + ": block number larger than int64");
        }
        return new Number(n);
    }
  }
}
