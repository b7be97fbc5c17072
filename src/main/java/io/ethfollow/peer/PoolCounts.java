package io.ethfollow.peer;

/**
 * Per-state peer counts for the status page's {@code peers} object. {@code connected} is
 * ready + busy + cooling + stale; {@code banned} counts known nodes currently banned (not connected);
 * {@code dialing} and {@code candidates} are extra detail.
 */
public record PoolCounts(
    int connected, int ready, int busy, int cooling, int stale, int banned, int dialing, int candidates) {}
