package io.ethfollow.peer;

import io.ethfollow.wire.Enode;

/** A known good peer as the peer cache stores it: where to dial and when it last served us. */
public record CachedPeer(Enode enode, long lastGoodMillis) {}
