package io.ethfollow.discovery;

import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.wire.NodeKey;

/** One entry of a Neighbors packet: {@code [ip, udp-port, tcp-port, node-id]}. Immutable. */
public record Neighbor(Endpoint endpoint, NodeId id) {

  void writeTo(RlpWriter w) {
    w.startList()
        .writeBytes(endpoint.ip().getAddress())
        .writeLong(endpoint.udpPort())
        .writeLong(endpoint.tcpPort())
        .writeBytes(id.bytes())
        .endList();
  }

  static Neighbor readFrom(RlpReader reader) {
    RlpReader list = reader.readList();
    var ip = Endpoint.readIp(list.readBytes(), false);
    int udp = Endpoint.readPort(list);
    int tcp = Endpoint.readPort(list);
    NodeId id = new NodeId(list.readFixed(NodeKey.ID_SIZE));
    return new Neighbor(new Endpoint(ip, udp, tcp), id);
  }
}
