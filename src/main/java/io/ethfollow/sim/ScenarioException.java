package io.ethfollow.sim;

/**
 * A scenario that cannot run: bad JSON, a missing or out-of-range key, an unknown name or behaviour.
 * The message is one line and names the key (e.g. {@code peers[1].count: must be 1..1000, got 0});
 * the CLI prints it and exits 2.
 */
public final class ScenarioException extends RuntimeException {
  public ScenarioException(String message) {
    super(message);
  }
}
