package io.ethfollow.peer;

import java.util.Set;

/**
 * What a request needs of a peer: blocks {@code firstBlock..lastBlock} (the peer's head must reach
 * {@code lastBlock}; when {@code needsHistory}, its {@code earliest} must not be above {@code firstBlock},
 * because bodies and receipts may be expired), and none of the {@code excluded} peers (the one that just
 * failed this work goes last: besu #6969, reth #7849).
 */
public record PeerRequirement(long firstBlock, long lastBlock, boolean needsHistory, Set<PeerId> excluded) {
  public PeerRequirement {
    if (lastBlock < firstBlock) {
      throw new IllegalArgumentException("lastBlock " + lastBlock + " < firstBlock " + firstBlock);
    }
    excluded = Set.copyOf(excluded);
  }

  /** Headers for these blocks: any peer whose head reaches {@code lastBlock}. */
  public static PeerRequirement headers(long firstBlock, long lastBlock) {
    return new PeerRequirement(firstBlock, lastBlock, false, Set.of());
  }

  /** Bodies or receipts: the peer must also still keep {@code firstBlock}. */
  public static PeerRequirement history(long firstBlock, long lastBlock) {
    return new PeerRequirement(firstBlock, lastBlock, true, Set.of());
  }

  /** The same requirement, also excluding {@code peers}. */
  public PeerRequirement excluding(Set<PeerId> peers) {
    java.util.Set<PeerId> all = new java.util.HashSet<>(excluded);
    all.addAll(peers);
    return new PeerRequirement(firstBlock, lastBlock, needsHistory, all);
  }
}
