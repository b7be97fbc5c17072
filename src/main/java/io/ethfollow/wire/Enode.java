package io.ethfollow.wire;

import io.ethfollow.rlp.Hex;
import java.net.InetAddress;
import java.util.Arrays;

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
   * Parses an enode URL, checking each part on its own so the error names the part that is wrong:
   * the scheme, the node id (128 hex digits that must be a secp256k1 public key: a node id off the
   * curve fails at every dial), the IP literal (IPv4 dotted quad or bracketed IPv6; no host names,
   * never a resolver call), the TCP port (1-65535) and an optional {@code discport}.
   *
   * @throws IllegalArgumentException with a one-line reason for anything malformed
   */
  public static Enode parse(String url) {
    String s = url.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty enode URL");
    }
    if (!s.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw new IllegalArgumentException("not an enode URL (must start with enode://): " + s);
    }
    String rest = s.substring(SCHEME.length());
    int at = rest.indexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("enode URL needs <node id>@<ip>:<port>: " + s);
    }
    byte[] nodeId = nodeId(rest.substring(0, at));
    String hostPortQuery = rest.substring(at + 1);
    String query = null;
    int q = hostPortQuery.indexOf('?');
    if (q >= 0) {
      query = hostPortQuery.substring(q + 1);
      hostPortQuery = hostPortQuery.substring(0, q);
    }
    String host;
    String portText;
    if (hostPortQuery.startsWith("[")) {
      int close = hostPortQuery.indexOf(']');
      if (close < 0 || close + 1 >= hostPortQuery.length() || hostPortQuery.charAt(close + 1) != ':') {
        throw new IllegalArgumentException(
            "enode URL needs [ipv6]:port after '@', got '" + hostPortQuery + "'");
      }
      host = hostPortQuery.substring(1, close);
      portText = hostPortQuery.substring(close + 2);
    } else {
      int colon = hostPortQuery.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "enode URL needs ip:port after '@', got '" + hostPortQuery + "'");
      }
      host = hostPortQuery.substring(0, colon);
      portText = hostPortQuery.substring(colon + 1);
    }
    InetAddress address = ipLiteral(host);
    int tcp = port(portText, "tcp port");
    int udp = tcp;
    if (query != null && !query.isEmpty()) {
      for (String part : query.split("&")) {
        if (part.startsWith("discport=")) {
          udp = port(part.substring("discport=".length()), "discport");
        }
      }
    }
    return new Enode(nodeId, address, tcp, udp);
  }

  private static final String SCHEME = "enode://";

  private static byte[] nodeId(String hex) {
    if (hex.length() != 2 * NodeKey.ID_SIZE) {
      throw new IllegalArgumentException(
          "node id must be 128 hex digits before '@', got " + hex.length() + " characters");
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        throw new IllegalArgumentException(
            "node id is not hex: '" + hex.charAt(i) + "' at position " + i);
      }
    }
    byte[] id = Hex.decode(hex);
    if (!NodeKey.isPublicKey(id)) {
      throw new IllegalArgumentException(
          "node id " + hex.substring(0, 8) + "… is not a secp256k1 public key (not on the curve)");
    }
    return id;
  }

  private static InetAddress ipLiteral(String host) {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("enode URL has no IP address before the port");
    }
    try {
      return IpLiteral.parse(host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("enode URL host: " + e.getMessage());
    }
  }

  private static int port(String text, String what) {
    int port;
    try {
      port = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a number: '" + text + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " " + port + " outside 1-65535");
    }
    return port;
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
