package io.ethfollow.request;

import io.ethfollow.peer.OutcomeKind;
import io.ethfollow.peer.PeerId;
import java.time.Duration;

/**
 * How one request to one peer ended. Every outcome remembers its peer, so a failure found later (a
 * body that does not match its header) penalises the right one. {@link #retryable()} says whether the
 * same work may go to another peer; {@link #kind()} is the reputation consequence the pool applies.
 *
 * @param <T> the response value (headers, bodies, receipts)
 */
public sealed interface RequestOutcome<T> {
  PeerId peer();

  /** The consequence for the peer's standing. */
  OutcomeKind kind();

  /** Whether the work should be sent again (to another peer). */
  boolean retryable();

  /** Everything asked for, checked against the request. */
  record Ok<T>(PeerId peer, T value, Duration rtt) implements RequestOutcome<T> {
    @Override
    public OutcomeKind kind() {
      return OutcomeKind.OK;
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** A correct prefix of what was asked ({@code received} of {@code asked}); the rest should be re-requested. */
  record Partial<T>(PeerId peer, T value, int received, int asked, Duration rtt) implements RequestOutcome<T> {
    @Override
    public OutcomeKind kind() {
      return OutcomeKind.PARTIAL;
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** Nothing returned: not there yet (tip) or pruned (history). */
  record Empty<T>(PeerId peer) implements RequestOutcome<T> {
    @Override
    public OutcomeKind kind() {
      return OutcomeKind.EMPTY;
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** The soft timeout passed; the peer stays busy until it answers or the grace period ends. */
  record Timeout<T>(PeerId peer) implements RequestOutcome<T> {
    @Override
    public OutcomeKind kind() {
      return OutcomeKind.TIMEOUT;
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** The answer broke the request's shape or roots; the peer is dropped. */
  record Invalid<T>(PeerId peer, String reason) implements RequestOutcome<T> {
    @Override
    public OutcomeKind kind() {
      return OutcomeKind.INVALID;
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** The session ended (or was never there) before an answer. */
  record Disconnected<T>(PeerId peer) implements RequestOutcome<T> {
    @Override
    public OutcomeKind kind() {
      return OutcomeKind.DISCONNECTED;
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }
}
