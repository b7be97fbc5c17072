package io.ethfollow.status;

import java.util.List;

/**
 * Where the HTTP handlers read the connected peers from, the sibling of {@link StatusSource}.
 * Implementations return a list published by the peer pool's owner thread, so a Netty thread never
 * touches the pool (which is not thread-safe).
 */
@FunctionalInterface
public interface PeersSource {
  /** A source for servers without a peer pool (tests, tools): always an empty list. */
  PeersSource NONE = List::of;

  /** The last published peers, in connection order; never null. */
  List<PeerEntry> peers();
}
