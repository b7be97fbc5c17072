package io.ethfollow.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses an IP address literal — an IPv4 dotted quad or an IPv6 address — and nothing else. The
 * JDK's {@code InetAddress.getByName} asks the resolver for anything that is not a valid literal
 * ({@code 999.0.0.1} included), so settings and enode URLs are checked here first: a typo is an
 * error naming it, never a DNS query. Stateless.
 */
public final class IpLiteral {
  private IpLiteral() {}

  /**
   * @throws IllegalArgumentException naming what is wrong (a host name, an octet over 255, a bad
   *     IPv6 form)
   */
  public static InetAddress parse(String text) {
    String host = text.strip();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty IP address");
    }
    if (host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      for (String octet : host.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          throw new IllegalArgumentException("bad IPv4 address '" + host + "': " + octet + " > 255");
        }
      }
    } else if (!host.contains(":")) {
      throw new IllegalArgumentException("'" + host + "' is not an IP address (no host names)");
    }
    try {
      return InetAddress.getByName(host); // a valid dotted quad, or text with ':' (IPv6): no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad IP address '" + host + "'");
    }
  }
}
