package io.ethfollow.discovery;

import io.ethfollow.chain.ForkId;
import io.ethfollow.wire.Enode;
import java.util.Optional;

/**
 * A node that answered our ping (so its address is real) and that has an RLPx port, with the fork id
 * from its ENR "eth" entry when it has one. Immutable.
 */
public record DiscoveredNode(Enode enode, Optional<ForkId> forkId) {}
