package io.ethfollow.status;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One connected peer in the {@code GET /peers} list. Built by the daemon's scheduler thread (the peer
 * pool's owner) when it publishes a snapshot; immutable, so HTTP threads serialise it as is. Keys are
 * a stable interface like those of {@link StatusDocument}: new keys may be added.
 *
 * @param id the full 64-byte node id, 128 lower-case hex digits
 * @param shortId the first 8 hex digits, as the logs show the peer
 * @param client the remote's client id from its Hello
 * @param eth negotiated eth protocol version (68 or 69)
 * @param head highest block the peer is known to have; null while unknown
 * @param state ready, busy, cooling or stale (lower case of the pool's state)
 * @param cooldownUntil ISO-8601 UTC instant the peer is selectable again; null when not cooling
 * @param reputation the pool's score: 0 at connection, banned at the pool's threshold
 * @param inFlight requests open with the peer; omitted when the publisher does not know
 * @param remoteAddress host:port of the remote end of the session
 * @param isStatic whether the operator configured the peer (static peers are never banned)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PeerEntry(
    String id,
    String shortId,
    String client,
    int eth,
    @JsonInclude(JsonInclude.Include.ALWAYS) StatusDocument.Head head,
    String state,
    @JsonInclude(JsonInclude.Include.ALWAYS) String cooldownUntil,
    int reputation,
    Integer inFlight,
    String remoteAddress,
    boolean isStatic) {}
