package io.ethfollow.discovery;

/**
 * Receives nodes found by discovery (the peer pool implements it). Called on the discovery
 * scheduler thread, at most once per node id per run; implementations must only enqueue and return.
 */
@FunctionalInterface
public interface NodeSink {
  void onNodeFound(DiscoveredNode node);
}
