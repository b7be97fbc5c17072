package io.ethfollow.discovery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Endpoint proofs (discv4.md "endpoint proof"): when each node last answered our ping from a given
 * address, and when it last pinged us (so it holds our pong). A FindNode or ENRRequest is answered
 * only for a node with a recent pong from its current address; this stops amplification attacks
 * with spoofed source addresses. Bounded LRU. Owned by the discovery scheduler thread.
 */
final class Bonds {
  /**
   * How long a pong proves an endpoint. discv4.md suggests 12 hours; geth keeps 24. We take 12 h: a
   * re-bond costs one ping, and addresses behind NATs change more often than daily.
   */
  static final Duration BOND_EXPIRY = Duration.ofHours(12);

  /**
   * Nodes remembered. Several times the table (256 buckets are never all full; in practice a few
   * hundred entries) plus lookup candidates; about 150 bytes each, so under 1.5 MB.
   */
  static final int MAX_NODES = 10_000;

  private static final class Bond {
    InetSocketAddress address;
    long pongReceived = Long.MIN_VALUE;
    long pingReceived = Long.MIN_VALUE;
  }

  private final Map<NodeId, Bond> bonds =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, Bond> eldest) {
          return size() > MAX_NODES;
        }
      };

  private Bond at(NodeId id, InetSocketAddress address) {
    Bond b = bonds.computeIfAbsent(id, k -> new Bond());
    if (!address.equals(b.address)) {
      b.address = address;
      b.pongReceived = Long.MIN_VALUE;
      b.pingReceived = Long.MIN_VALUE;
    }
    return b;
  }

  void pongReceived(NodeId id, InetSocketAddress address, long nowMillis) {
    at(id, address).pongReceived = nowMillis;
  }

  void pingReceived(NodeId id, InetSocketAddress address, long nowMillis) {
    at(id, address).pingReceived = nowMillis;
  }

  /** True when the node answered our ping from this address within the bond expiry. */
  boolean isBonded(NodeId id, InetSocketAddress address, long nowMillis) {
    Bond b = bonds.get(id);
    return b != null && address.equals(b.address) && recent(b.pongReceived, nowMillis);
  }

  /** True when the node pinged us from this address within the bond expiry (it holds our pong). */
  boolean pingedUs(NodeId id, InetSocketAddress address, long nowMillis) {
    Bond b = bonds.get(id);
    return b != null && address.equals(b.address) && recent(b.pingReceived, nowMillis);
  }

  private static boolean recent(long at, long nowMillis) {
    return at != Long.MIN_VALUE && nowMillis - at < BOND_EXPIRY.toMillis();
  }
}
