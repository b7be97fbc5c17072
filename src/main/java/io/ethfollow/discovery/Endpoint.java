package io.ethfollow.discovery;

import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A discv4 endpoint {@code [ip, udp-port, tcp-port]}: where a node takes discovery packets and RLPx
 * connections. Immutable.
 */
public record Endpoint(InetAddress ip, int udpPort, int tcpPort) {
  /** Ports are 16-bit on the wire. */
  private static final int MAX_PORT = 0xffff;

  public Endpoint {
    if (udpPort < 0 || udpPort > MAX_PORT || tcpPort < 0 || tcpPort > MAX_PORT) {
      throw new IllegalArgumentException("port outside 0-65535");
    }
  }

  public static Endpoint of(InetSocketAddress udp, int tcpPort) {
    return new Endpoint(udp.getAddress(), udp.getPort(), tcpPort);
  }

  public InetSocketAddress udpAddress() {
    return new InetSocketAddress(ip, udpPort);
  }

  void writeTo(RlpWriter w) {
    w.startList().writeBytes(ip.getAddress()).writeLong(udpPort).writeLong(tcpPort).endList();
  }

  /**
   * Reads {@code [ip, udp, tcp, ...]}; extra elements are ignored (EIP-8). An empty ip reads as the
   * unspecified address, which a node sends when it does not know its own address.
   */
  static Endpoint readFrom(RlpReader reader) {
    RlpReader list = reader.readList();
    InetAddress ip = readIp(list.readBytes(), true);
    int udp = readPort(list);
    int tcp = readPort(list);
    return new Endpoint(ip, udp, tcp);
  }

  static InetAddress readIp(byte[] raw, boolean allowEmpty) {
    if (raw.length == 0 && allowEmpty) {
      raw = new byte[4];
    }
    if (raw.length != 4 && raw.length != 16) {
      throw new RlpException("an ip address has 4 or 16 bytes, got " + raw.length);
    }
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new RlpException("bad ip address: " + e.getMessage());
    }
  }

  static int readPort(RlpReader list) {
    long port = list.readLong();
    if (port > MAX_PORT) {
      throw new RlpException("port " + port + " above 65535");
    }
    return (int) port;
  }
}
