package io.ethfollow.discovery;

/**
 * A snapshot of discovery counters, published by the scheduler thread after each event; safe to read
 * from any thread (status endpoint, tests). Immutable.
 *
 * @param tableSize nodes in the routing table
 * @param bootstrapAttempts rounds of pings to the bootnodes while the table was empty
 * @param lookupsCompleted iterative lookups finished
 * @param packetsAccepted verified packets handed to the protocol
 * @param unsolicited replies nobody waited for, and requests from nodes without an endpoint proof
 * @param filteredByForkId nodes not delivered because their ENR fork id is incompatible
 * @param delivered nodes handed to the {@link NodeSink}
 * @param logLines WARN/INFO lines written by the silence reporter
 */
public record DiscoveryStats(
    int tableSize,
    long bootstrapAttempts,
    long lookupsCompleted,
    long packetsAccepted,
    long unsolicited,
    long filteredByForkId,
    long delivered,
    int logLines) {
  static final DiscoveryStats EMPTY = new DiscoveryStats(0, 0, 0, 0, 0, 0, 0, 0);
}
