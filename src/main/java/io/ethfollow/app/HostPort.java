package io.ethfollow.app;

import java.net.InetSocketAddress;

/** Parses HOST:PORT flag values into socket addresses, with one-line errors naming the flag. */
final class HostPort {
  private HostPort() {}

  static InetSocketAddress parse(String flag, String value) {
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
    return new InetSocketAddress(host, port);
  }
}
