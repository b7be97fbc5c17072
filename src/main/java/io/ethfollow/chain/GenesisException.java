package io.ethfollow.chain;

/**
 * A chain definition (a geth-style genesis.json or a chain spec file) is unusable. The message is one
 * line naming the offending key, fit for a CLI to print before exiting with code 2.
 */
public final class GenesisException extends RuntimeException {
  public GenesisException(String message) {
    super(message);
  }

  public GenesisException(String message, Throwable cause) {
    super(message, cause);
  }
}
