package io.ethfollow.wire;

import io.ethfollow.rlp.Hex;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A node's address as an enode URL: {@code enode://<128 hex node id>@<ip>:<tcp port>[?discport=<udp>]}.
 * Only literal IP addresses are accepted (a DNS name in a static-peer list would make start-up depend
 * on a resolver). Immutable.
 */
public record Enode(byte[] nodeId, InetAddress address, int tcpPort, int udpPort) {
  public Enode {
    if (nodeId.length != NodeKey.ID_SIZE) {
      throw new IllegalArgumentException("a node id has 64 bytes, got " + nodeId.length);
    }
    nodeId = nodeId.clone();
    checkPort(tcpPort, "tcp");
    checkPort(udpPort, "udp");
  }

  private static void checkPort(int port, String what) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " port " + port + " outside 0-65535");
    }
  }

  /**
   * Parses an enode URL.
   *
   * @throws IllegalArgumentException with a one-line reason for anything malformed
   */
  public static Enode parse(String url) {
    String s = url.strip();
    if (!s.toLowerCase(Locale.ROOT).startsWith("enode://")) {
      throw new IllegalArgumentException("not an enode URL (must start with enode://): " + s);
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed enode URL: " + e.getMessage());
    }
    String id = uri.getUserInfo();
    if (id == null || id.length() != 2 * NodeKey.ID_SIZE) {
      throw new IllegalArgumentException("enode URL needs a 128-hex-digit node id before '@': " + s);
    }
    byte[] nodeId = Hex.decode(id);
    String host = uri.getHost();
    if (host == null || uri.getPort() < 0) {
      throw new IllegalArgumentException("enode URL needs ip:port after '@': " + s);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      throw new IllegalArgumentException("enode URL host must be an IP address, got " + host);
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad IP address in enode URL: " + host);
    }
    int udp = uri.getPort();
    String query = uri.getQuery();
    if (query != null) {
      for (String part : query.split("&")) {
        if (part.startsWith("discport=")) {
          try {
            udp = Integer.parseInt(part.substring("discport=".length()));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad discport in enode URL: " + part);
          }
        }
      }
    }
    return new Enode(nodeId, address, uri.getPort(), udp);
  }

  @Override
  public byte[] nodeId() {
    return nodeId.clone();
  }

  /** The URL form; discport is added only when it differs from the TCP port. */
  public String toUrl() {
    String host = address.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    String base = "enode://" + Hex.encodeNoPrefix(nodeId) + "@" + host + ":" + tcpPort;
    return udpPort == tcpPort ? base : base + "?discport=" + udpPort;
  }

  /** First 8 hex digits of the node id, for logs. */
  public String shortId() {
    return Hex.encodeNoPrefix(Arrays.copyOf(nodeId, 4));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Enode e
        && Arrays.equals(nodeId, e.nodeId)
        && address.equals(e.address)
        && tcpPort == e.tcpPort
        && udpPort == e.udpPort;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(nodeId) * 31 + tcpPort;
  }

  @Override
  public String toString() {
    return toUrl();
  }
}
