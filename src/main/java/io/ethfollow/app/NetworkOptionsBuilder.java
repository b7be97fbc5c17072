package io.ethfollow.app;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.discovery.DiscoveryConfig;
import io.ethfollow.network.NetworkService;
import io.ethfollow.peer.PoolConfig;
import io.ethfollow.request.ExecutorConfig;
import io.ethfollow.rlpx.RlpxConfig;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.IpLiteral;
import io.ethfollow.wire.NodeKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns {@code run}'s network flags into {@link NetworkOptions}: validates addresses and ports, loads
 * or creates the node key in the data dir, parses the chain's bootnodes, and builds the RLPx,
 * discovery, pool and executor settings. Errors are one-line {@link CliException}s (exit code 2).
 */
final class NetworkOptionsBuilder {
  /** File name of the node key inside the data dir (hex secret, mode 0600, like geth's nodekey). */
  static final String NODE_KEY_FILE = "nodekey";

  private final ChainSpec spec;
  private final int port;
  private final InetAddress listen;
  private final InetAddress advertise;
  private final int maxPeers;

  NetworkOptionsBuilder(ChainSpec spec, int port, String listenAddr, String advertiseIp, int maxPeers) {
    if (port < 0 || port > 65535) {
      throw new CliException("--port must be 0-65535, got " + port);
    }
    if (maxPeers < 1 || maxPeers > DaemonConfig.MAX_PEERS_LIMIT) {
      throw new CliException(
          "--max-peers must be 1-" + DaemonConfig.MAX_PEERS_LIMIT + ", got " + maxPeers);
    }
    this.spec = spec;
    this.port = port;
    this.maxPeers = maxPeers;
    this.listen = ip("--listen-addr", listenAddr);
    if (advertiseIp != null) {
      this.advertise = ip("--advertise-ip", advertiseIp);
    } else {
      this.advertise = listen.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : listen;
    }
  }

  /** Parses an IP literal (no host names, no lookup); {@code flag} names the setting in the error. */
  static InetAddress ip(String flag, String text) {
    try {
      return IpLiteral.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(flag + " must be an IP address, got '" + text + "': " + e.getMessage());
    }
  }

  NetworkOptions build(Path dataDir, List<Enode> staticPeers, boolean discovery) {
    NodeKey key;
    try {
      key = NodeKey.loadOrCreate(dataDir.resolve(NODE_KEY_FILE));
    } catch (IOException e) {
      throw new CliException("node key: " + e.getMessage());
    }
    RlpxConfig d = RlpxConfig.defaults();
    RlpxConfig rlpx =
        new RlpxConfig(listen.getHostAddress(), port, "ethfollow/v" + Version.VERSION + "/java"
            + Runtime.version().feature(), d.capabilities(), d.handshakeTimeout(), d.connectTimeout(),
            d.pingInterval(), d.disconnectLinger(), d.maxFrameSize(), d.ioThreads());
    Optional<DiscoveryConfig> disc = Optional.empty();
    if (discovery) {
      List<Enode> bootnodes = new ArrayList<>();
      for (String url : spec.bootnodes()) {
        bootnodes.add(Enode.parse(url));
      }
      DiscoveryConfig base = DiscoveryConfig.defaults(bootnodes, port);
      disc =
          Optional.of(
              new DiscoveryConfig(
                  new InetSocketAddress(listen, port), Optional.of(advertise), port, bootnodes,
                  base.localForkId(), base.forkIdCheck(), base.requireEthEntry()));
    }
    // Dial towards the pool's default target (see PoolConfig), never above --max-peers, and always
    // enough for every static peer.
    PoolConfig defaults = PoolConfig.defaults();
    int target = Math.min(maxPeers, Math.max(staticPeers.size(), defaults.targetPeers()));
    PoolConfig pool = defaults.withPeers(Math.max(1, target), maxPeers, defaults.maxConcurrentDials());
    return new NetworkOptions(
        key,
        new NetworkService.Settings(rlpx, disc, pool, ExecutorConfig.defaults(), staticPeers),
        advertise);
  }
}
