package io.ethfollow.peer;

import io.ethfollow.chain.Hash;
import java.time.Duration;

/**
 * An immutable view of one connected peer, built by the pool at the moment it is asked. Selection runs
 * over these; nothing should keep one around, because the pool's record moves on (heads, state).
 *
 * @param headNumber highest block the peer is known to have; -1 while unknown
 * @param headHash hash of that block, or null while unknown
 * @param earliest lowest block the peer serves bodies and receipts for (eth/69 Status), 0 if unknown
 * @param suitableAfterMillis selectable again from this time when {@code state} is COOLING
 * @param reputation units, 0 at connection, ban at {@link PoolConfig#banThreshold()}
 * @param confirmedNumber highest head the peer stood behind (Status, served headers); -1 while unknown
 * @param confirmedHash hash of that block, or null
 */
public record PeerSnapshot(
    PeerId id,
    String clientId,
    int ethVersion,
    long headNumber,
    Hash headHash,
    long earliest,
    PeerState state,
    Duration rtt,
    int reputation,
    boolean isStatic,
    long suitableAfterMillis,
    long confirmedNumber,
    Hash confirmedHash) {}
