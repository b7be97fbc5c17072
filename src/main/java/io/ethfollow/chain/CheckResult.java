package io.ethfollow.chain;

/**
 * The outcome of one named check: plain strings and a boolean so a report serialises to JSON as is.
 * {@code expected} is what the header (or parent) commits to, {@code actual} what the body or receipts
 * give. Immutable and thread-safe.
 */
public record CheckResult(String name, boolean passed, String expected, String actual) {
  static CheckResult of(BlockCheck check, Object expected, Object actual) {
    String e = String.valueOf(expected);
    String a = String.valueOf(actual);
    return new CheckResult(check.jsonName(), e.equals(a), e, a);
  }

  /** The check this result belongs to. */
  public BlockCheck check() {
    return BlockCheck.byName(name);
  }

  /** True when this result is for {@code c}. */
  public boolean is(BlockCheck c) {
    return c.jsonName().equals(name);
  }
}
