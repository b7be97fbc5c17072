package io.ethfollow.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every check run on one block, in the order they ran, with the block's number and hash. Plain
 * record of strings, longs and booleans so {@code ethfollow block check} can print it as JSON. A block
 * passes only when every listed check passed. Immutable and thread-safe.
 */
public record VerificationReport(long number, String hash, boolean passed, List<CheckResult> checks) {
  public VerificationReport {
    checks = List.copyOf(checks);
  }

  static VerificationReport of(BlockHeader header, List<CheckResult> checks) {
    boolean ok = true;
    for (CheckResult c : checks) {
      ok &= c.passed();
    }
    return new VerificationReport(header.number(), header.hash().toHex(), ok, checks);
  }

  /** This report's checks followed by {@code later}'s (both must be about the same block). */
  public VerificationReport then(VerificationReport later) {
    if (!hash.equals(later.hash)) {
      throw new IllegalArgumentException("reports are about different blocks");
    }
    List<CheckResult> all = new ArrayList<>(checks);
    all.addAll(later.checks);
    return new VerificationReport(number, hash, passed && later.passed, all);
  }

  /** The checks that failed, in order. */
  public List<CheckResult> failures() {
    List<CheckResult> out = new ArrayList<>();
    for (CheckResult c : checks) {
      if (!c.passed()) {
        out.add(c);
      }
    }
    return out;
  }

  /** The first failed check, if any. */
  public Optional<CheckResult> firstFailure() {
    for (CheckResult c : checks) {
      if (!c.passed()) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** True when {@code check} ran and failed. */
  public boolean failed(BlockCheck check) {
    for (CheckResult c : checks) {
      if (c.is(check) && !c.passed()) {
        return true;
      }
    }
    return false;
  }

  /** The result of {@code check}, if it ran. */
  public Optional<CheckResult> result(BlockCheck check) {
    for (CheckResult c : checks) {
      if (c.is(check)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
