package io.ethfollow.request;

import io.ethfollow.peer.PeerId;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.eth.EthMessageId;
import java.time.Duration;

/**
 * One request type: builds its message and checks an answer's shape against what was asked. Pure and
 * immutable; only {@link RequestExecutor} sends and applies consequences.
 *
 * @param <T> the value a valid answer yields
 */
public interface PeerRequest<T> {
  /** The message to send with this request id. */
  EthMessage.Request message(long requestId);

  /** The message type a correct answer has. */
  EthMessageId responseId();

  /** Items asked for (headers or blocks). */
  int asked();

  /** Checks {@code response} (already known to be of {@link #responseId()}) and classifies it. */
  RequestOutcome<T> evaluate(PeerId peer, EthMessage.Request response, Duration rtt);

  /** Ok when all {@code asked} items came, Partial for a shorter correct prefix, Empty for none. */
  static <T> RequestOutcome<T> bySize(PeerId peer, T value, int received, int asked, Duration rtt) {
    if (received == 0) {
      return new RequestOutcome.Empty<>(peer);
    }
    if (received < asked) {
      return new RequestOutcome.Partial<>(peer, value, received, asked, rtt);
    }
    return new RequestOutcome.Ok<>(peer, value, rtt);
  }
}
