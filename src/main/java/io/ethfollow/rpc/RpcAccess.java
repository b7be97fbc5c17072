package io.ethfollow.rpc;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may talk to the JSON-RPC over HTTP: the {@code Host} header must name an allowed host (geth's
 * {@code --http.vhosts}, the defence against DNS rebinding: a web page on another site can make a
 * browser send requests to 127.0.0.1, but with its own host name), and a browser {@code Origin}
 * must be on the CORS list (empty by default: browsers may not read our answers). {@code "*"}
 * allows any. Immutable; any thread.
 */
public record RpcAccess(Set<String> hosts, Set<String> origins) {
  /** Loopback names only: what a client on this machine sends. */
  public static final RpcAccess LOCAL = new RpcAccess(Set.of("localhost", "127.0.0.1", "::1"), Set.of());

  public RpcAccess {
    hosts = lower(hosts);
    origins = lower(origins);
  }

  public static RpcAccess of(List<String> hosts, List<String> origins) {
    return new RpcAccess(Set.copyOf(hosts), Set.copyOf(origins));
  }

  boolean hostAllowed(String hostHeader) {
    if (hosts.contains("*")) {
      return true;
    }
    if (hostHeader == null) {
      return false;
    }
    String h = hostHeader.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      h = close > 0 ? h.substring(1, close) : h;
    } else if (h.indexOf(':') == h.lastIndexOf(':') && h.indexOf(':') >= 0) {
      h = h.substring(0, h.indexOf(':')); // host:port
    }
    return hosts.contains(h);
  }

  boolean originAllowed(String origin) {
    return origins.contains("*") || origins.contains(origin.strip().toLowerCase(Locale.ROOT));
  }

  private static Set<String> lower(Set<String> s) {
    return Set.copyOf(s.stream().map(x -> x.strip().toLowerCase(Locale.ROOT)).toList());
  }
}
