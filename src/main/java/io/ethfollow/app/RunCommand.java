package io.ethfollow.app;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.ChainIdentity;
import io.ethfollow.store.RocksBlockStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import io.ethfollow.wire.Enode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ethfollow run}: the daemon. Blocks the main thread until SIGTERM/SIGINT. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the follow-sync daemon (until SIGTERM or Ctrl-C).")
final class RunCommand implements Callable<Integer> {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Store directory (default: $STATE_DIRECTORY when run by systemd, else ./data).")
  Path dataDir;

  @Option(
      names = "--network",
      paramLabel = "NAME",
      description = "Built-in network: mainnet, sepolia or hoodi (default: mainnet).")
  String network;

  @Option(
      names = "--genesis",
      paramLabel = "FILE",
      description = "A geth-style genesis.json for a custom network (instead of --network).")
  Path genesis;

  @Option(
      names = "--status-addr",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:8547",
      description = "Status endpoint address (default: ${DEFAULT-VALUE}).")
  String statusAddr;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "30303",
      description = "devp2p port, TCP (RLPx) and UDP (discovery) (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--listen-addr",
      paramLabel = "IP",
      defaultValue = "0.0.0.0",
      description = "Address the devp2p port binds to (default: ${DEFAULT-VALUE}, all interfaces).")
  String listenAddr;

  @Option(
      names = "--advertise-ip",
      paramLabel = "IP",
      description =
          "IP put in our enode and discovery record (default: --listen-addr, or 127.0.0.1 when that is 0.0.0.0).")
  String advertiseIp;

  @Option(
      names = "--static-peers",
      paramLabel = "ENODE,...",
      split = ",",
      description = "Peers to keep connected to (re-dialled with backoff), comma-separated enode URLs.")
  List<String> staticPeers = new ArrayList<>();

  @Option(
      names = "--no-discovery",
      description = "Do not run discv4; connect only to --static-peers (private setups).")
  boolean noDiscovery;

  @Option(
      names = "--max-peers",
      paramLabel = "N",
      defaultValue = "50",
      description = "Most peer sessions at once, inbound included (default: ${DEFAULT-VALUE}).")
  int maxPeers;

  @Option(
      names = "--log-format",
      paramLabel = "json|text",
      defaultValue = "json",
      description = "Log line format on stdout (default: ${DEFAULT-VALUE}).")
  String logFormat;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      description = "Minimum log level: error, warn, info, debug, trace (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Override
  public Integer call() throws Exception {
    LoggingSetup.configure(logFormat, logLevel);
    ChainSpec spec = ChainSpecs.resolve(network, genesis);
    Path dir = dataDir != null ? dataDir : defaultDataDir();
    InetSocketAddress addr = HostPort.parse("--status-addr", statusAddr);
    List<Enode> peers = parseStaticPeers();
    NetworkOptionsBuilder net = new NetworkOptionsBuilder(spec, port, listenAddr, advertiseIp, maxPeers);
    // Signals first: a SIGTERM while the store opens or the network binds is a clean stop as well.
    StopSignal stop = new StopSignal();
    Signals.install(stop::request);
    BlockStore store = RocksBlockStore.open(dir, identity(spec));
    Daemon daemon;
    try {
      daemon = Daemon.start(spec, store, dir, addr, net.build(dir, peers, !noDiscovery), stop);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return daemon.awaitStopAndClose();
  }

  private List<Enode> parseStaticPeers() {
    List<Enode> out = new ArrayList<>();
    for (String p : staticPeers) {
      if (p.isBlank()) {
        continue;
      }
      try {
        out.add(Enode.parse(p));
      } catch (IllegalArgumentException e) {
        throw new CliException("--static-peers: " + e.getMessage());
      }
    }
    return out;
  }

  static ChainIdentity identity(ChainSpec spec) {
    return new ChainIdentity(spec.genesisHash(), spec.networkId(), spec.name());
  }

  /** systemd's StateDirectory= exports STATE_DIRECTORY; otherwise ./data next to where we run. */
  static Path defaultDataDir() {
    String state = System.getenv("STATE_DIRECTORY");
    if (state != null && !state.isBlank()) {
      return Path.of(state.split(":")[0]);
    }
    return Path.of("data");
  }
}
