package io.ethfollow.sim;

/**
 * {@code count} simulated peers that all behave as {@code behaviour} (a {@link SimBehaviour} term list,
 * e.g. {@code honest,lag:30-150}). Immutable.
 */
public record PeerGroup(int count, String behaviour) {}
