package io.ethfollow.app;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parses HOST:PORT flag values into resolved socket addresses, with one-line errors naming the
 * flag (exit 2): a malformed value, a bad port, or a host name the resolver does not know. The
 * resolver is a parameter so tests never ask the machine's DNS.
 */
final class HostPort {
  /** Turns a host name or IP literal into an address (the JDK's resolver in production). */
  @FunctionalInterface
  interface Resolver {
    InetAddress resolve(String host) throws UnknownHostException;
  }

  /** The JDK resolver: IP literals are parsed, names looked up (hosts file, DNS). */
  static final Resolver SYSTEM = InetAddress::getByName;

  private HostPort() {}

  static InetSocketAddress parse(String flag, String value) {
    return parse(flag, value, SYSTEM);
  }

  static InetSocketAddress parse(String flag, String value, Resolver resolver) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new CliException(flag + " must be HOST:PORT, got '" + value + "'");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new CliException(flag + ": port is not a number in '" + value + "'");
    }
    if (port < 0 || port > 65535) {
      throw new CliException(flag + ": port " + port + " is outside 0-65535");
    }
    InetAddress address;
    try {
      address = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new CliException(flag + ": cannot resolve host '" + host + "' in '" + value + "'");
    }
    return new InetSocketAddress(address, port);
  }
}
