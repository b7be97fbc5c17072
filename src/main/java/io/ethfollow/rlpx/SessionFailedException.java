package io.ethfollow.rlpx;

import io.ethfollow.wire.DisconnectCause;

/** A dial did not produce a session; {@link #cause()} says why. */
public final class SessionFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient DisconnectCause disconnectCause;

  public SessionFailedException(DisconnectCause cause) {
    super(cause.toString(), null, false, false);
    this.disconnectCause = cause;
  }

  public DisconnectCause disconnectCause() {
    return disconnectCause;
  }
}
