package io.ethfollow.peer;

import java.util.List;

/**
 * Port for persisting known good peers across restarts (the store implements it). The pool never calls
 * it: the shell loads it into {@link PeerPool#onCandidate} at start and saves
 * {@link PeerPool#knownGoodPeers()} periodically and at shutdown, so the pool stays free of IO.
 */
public interface PeerCache {
  /** Peers saved earlier, newest first; empty when there is no cache yet. */
  List<CachedPeer> load();

  /** Replaces the stored set. */
  void save(List<CachedPeer> peers);
}
