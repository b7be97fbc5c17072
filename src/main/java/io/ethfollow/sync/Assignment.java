package io.ethfollow.sync;

import io.ethfollow.peer.PeerId;

/**
 * Blocks {@code from..to} (consecutive) given to one peer by the {@link BlockScheduler}. An escalated
 * assignment is always a single block (a block that failed several times gets a peer to itself).
 */
public record Assignment(PeerId peer, long from, long to, boolean escalated) {
  public Assignment {
    if (to < from) {
      throw new IllegalArgumentException("empty assignment " + from + ".." + to);
    }
  }

  public int size() {
    return (int) (to - from + 1);
  }
}
