package io.ethfollow.app;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the daemon listens for people (not peers): the status endpoint with its head-age bound for
 * {@code /health}, and the JSON-RPC unless it is turned off.
 */
record Endpoints(InetSocketAddress status, Duration maxHeadAge, Optional<InetSocketAddress> rpc) {}
