package io.ethfollow.app;

import io.ethfollow.network.NetworkService;
import io.ethfollow.wire.NodeKey;
import java.net.InetAddress;

/** The network part of {@code ethfollow run}'s configuration, resolved from flags. */
record NetworkOptions(NodeKey nodeKey, NetworkService.Settings settings, InetAddress advertisedAddress) {}
