package io.ethfollow.chain;

import java.util.Objects;

/**
 * Decides whether a peer's announced fork id is compatible with our chain at our current head, by
 * the EIP-2124 rules with the EIP-6122 timestamp extension. The RLPx session disconnects a peer whose
 * verdict is not {@link Verdict#ACCEPT}. Stateless apart from the immutable schedule; thread-safe.
 *
 * <p>The rules, for local fork point {@code i} being the first one we have not passed:
 *
 * <ol>
 *   <li>Remote hash equals our current checksum: accept, unless the remote's announced next fork is
 *       one our head has already passed (then we are the stale or incompatible side).
 *   <li>Remote hash equals one of our past checksums: the remote is syncing; accept only if its next
 *       fork is the one that followed that checksum for us, else its software is stale.
 *   <li>Remote hash equals one of our future checksums: we are syncing; accept.
 *   <li>Anything else: a different chain, or we lack a fork the remote has: reject.
 * </ol>
 */
public final class ForkFilter {
  /**
   * A remote "next" above this value can only be a timestamp: it is 2015-07-30 (mainnet launch day)
   * in unix seconds, and block numbers stay below it for centuries at 12 s per block. While we are
   * still in the block-fork phase, such a value is compared with our head time, not our head number.
   * go-ethereum uses the same boundary, so both ends of a connection reach the same verdict.
   */
  static final long TIMESTAMP_THRESHOLD = 1_438_269_973L;

  /** The outcome of a check, with the text a disconnect log line should carry. */
  public enum Verdict {
    ACCEPT("compatible fork state"),
    REJECT_LOCAL_INCOMPATIBLE_OR_STALE(
        "local chain incompatible or needs a software update for a fork the remote announced"),
    REJECT_REMOTE_STALE("remote is on an old fork and does not know the next one: stale software");

    private final String reason;

    Verdict(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }

    public boolean accepted() {
      return this == ACCEPT;
    }
  }

  private final ForkChecksums forks;

  public ForkFilter(ForkChecksums forks) {
    this.forks = Objects.requireNonNull(forks, "forks");
  }

  /** Classifies a remote fork id against our head block number and head timestamp. */
  public Verdict check(ForkId remote, long headNumber, long headTime) {
    int i = forks.firstUnpassed(headNumber, headTime);
    int n = forks.forkCount();
    if (forks.checksum(i) == remote.hash()) {
      if (remote.next() != 0 && remoteNextPassed(i, remote.next(), headNumber, headTime)) {
        return Verdict.REJECT_LOCAL_INCOMPATIBLE_OR_STALE;
      }
      return Verdict.ACCEPT;
    }
    for (int j = 0; j < i; j++) {
      if (forks.checksum(j) == remote.hash()) {
        return forks.activation(j) == remote.next() ? Verdict.ACCEPT : Verdict.REJECT_REMOTE_STALE;
      }
    }
    for (int j = i + 1; j <= n; j++) {
      if (forks.checksum(j) == remote.hash()) {
        return Verdict.ACCEPT;
      }
    }
    return Verdict.REJECT_LOCAL_INCOMPATIBLE_OR_STALE;
  }

  /**
   * Whether our head is past the remote's next fork. While our next fork is a block fork (or the
   * schedule has only block forks) the value is read as a block number, or as a timestamp when it is
   * too large to be a block; once we are in the timestamp phase it is read as a timestamp.
   */
  private boolean remoteNextPassed(int firstUnpassed, long next, long headNumber, long headTime) {
    boolean blockPhase =
        firstUnpassed < forks.blockForkCount()
            || forks.blockForkCount() == forks.forkCount();
    if (!blockPhase) {
      return Long.compareUnsigned(headTime, next) >= 0;
    }
    return Long.compareUnsigned(headNumber, next) >= 0
        || (Long.compareUnsigned(next, TIMESTAMP_THRESHOLD) > 0
            && Long.compareUnsigned(headTime, next) >= 0);
  }
}
