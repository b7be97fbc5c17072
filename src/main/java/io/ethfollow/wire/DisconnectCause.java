package io.ethfollow.wire;

import java.util.Objects;

/**
 * Why we end (or ended) a session: the coarse {@link DisconnectReason} that goes on the wire and the
 * fine local detail that goes into the log ("fork id: remote stale", "status: wrong genesis 0x..").
 * Immutable value; thread-safe.
 *
 * @param wire the code sent to the peer
 * @param detail what actually happened, for operators
 */
public record DisconnectCause(DisconnectReason wire, String detail) {
  public DisconnectCause {
    Objects.requireNonNull(wire, "wire");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return wire.name().toLowerCase(java.util.Locale.ROOT) + ": " + detail;
  }
}
