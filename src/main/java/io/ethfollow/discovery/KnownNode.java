package io.ethfollow.discovery;

import java.net.InetSocketAddress;

/**
 * What discovery knows about a remote node: its id, the UDP address it answers on, and its RLPx TCP
 * port (0 when it has none). Immutable.
 */
public record KnownNode(NodeId id, InetSocketAddress udp, int tcpPort) {
  static KnownNode of(Neighbor n) {
    return new KnownNode(n.id(), n.endpoint().udpAddress(), n.endpoint().tcpPort());
  }
}
