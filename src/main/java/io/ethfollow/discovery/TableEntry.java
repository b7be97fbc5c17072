package io.ethfollow.discovery;

/**
 * A live node in the routing table with its liveness bookkeeping. Mutable; owned by the discovery
 * scheduler thread (through {@link NodeTable}).
 */
final class TableEntry {
  KnownNode node;
  /** When the node last answered a ping of ours (scheduler clock, millis). */
  long lastValidatedMillis;
  /** FindNode requests in a row that got no answer. */
  int findNodeFailures;

  TableEntry(KnownNode node, long nowMillis) {
    this.node = node;
    this.lastValidatedMillis = nowMillis;
  }

  NodeId id() {
    return node.id();
  }
}
