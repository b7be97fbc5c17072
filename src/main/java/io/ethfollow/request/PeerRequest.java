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

  /** A non-empty immutable copy of the headers a bodies or receipts request is for. */
  static java.util.List<io.ethfollow.chain.BlockHeader> requireHeaders(
      java.util.List<io.ethfollow.chain.BlockHeader> headers, String what) {
    if (headers.isEmpty()) {
      throw new IllegalArgumentException("no headers to fetch " + what + " for");
    }
    return java.util.List.copyOf(headers);
  }

  /** The hashes of the headers, in order: what GetBlockBodies and GetReceipts name. */
  static java.util.List<io.ethfollow.chain.Hash> hashesOf(
      java.util.List<io.ethfollow.chain.BlockHeader> headers) {
    java.util.List<io.ethfollow.chain.Hash> hashes = new java.util.ArrayList<>(headers.size());
    for (io.ethfollow.chain.BlockHeader h : headers) {
      hashes.add(h.hash());
    }
    return hashes;
  }
}
