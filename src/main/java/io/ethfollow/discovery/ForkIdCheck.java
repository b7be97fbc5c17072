package io.ethfollow.discovery;

import io.ethfollow.chain.ForkFilter;
import io.ethfollow.chain.ForkId;
import java.util.function.LongSupplier;

/**
 * Judges the fork id a node announces in its ENR against our chain at our current head, so nodes of
 * other chains are dropped before anyone dials them. Called on the discovery scheduler thread; the
 * head suppliers must be safe to read from it.
 */
@FunctionalInterface
public interface ForkIdCheck {
  ForkFilter.Verdict check(ForkId remote);

  /** A check by {@link ForkFilter} at the head the suppliers report. */
  static ForkIdCheck of(ForkFilter filter, LongSupplier headNumber, LongSupplier headTime) {
    return remote -> filter.check(remote, headNumber.getAsLong(), headTime.getAsLong());
  }
}
