package io.ethfollow.app;

import io.ethfollow.app.systemd.NotifyEnvironment;
import io.ethfollow.app.systemd.SystemdNotifier;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.sync.FastSyncConfig;
import io.ethfollow.sync.StartBlock;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.ChainIdentity;
import io.ethfollow.store.RocksBlockStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import io.ethfollow.wire.Enode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ethfollow run}: the daemon. Blocks the main thread until SIGTERM/SIGINT. Every way it ends
 * with exit code 1 goes through one {@link FatalStop} (one stderr line, one {@code fatal_error});
 * bad usage and configuration (exit 2) are thrown to {@link Main}, which prints their line.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the follow-sync daemon (until SIGTERM or Ctrl-C).")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  // Options without a picocli default stay null when not given, so a --config file's value is used
  // unless the flag is on the command line; DaemonConfig.withDefaults() then supplies the defaults.
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "TOML settings file (see config/ethfollow.toml); command-line flags override it.")
  Path configFile;

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
      names = "--spec-file",
      paramLabel = "FILE",
      description =
          "An ethfollow chain spec JSON (forks, bootnodes; see `ethfollow config print-spec`), instead"
              + " of --network or --genesis.")
  Path specFile;

  @Option(
      names = "--status-addr",
      paramLabel = "HOST:PORT",
      description = "Status endpoint address (default: " + DaemonConfig.DEFAULT_STATUS_ADDR + ").")
  String statusAddr;

  @Option(
      names = "--max-head-age",
      paramLabel = "DURATION",
      description =
          "/health answers 503 when the local head block is older than this while following"
              + " (default: " + DaemonConfig.DEFAULT_MAX_HEAD_AGE + ", ten 12 s slots).")
  String maxHeadAge;

  @Option(
      names = "--rpc-addr",
      paramLabel = "HOST:PORT",
      description = "JSON-RPC address, HTTP POST and WebSocket (default: " + DaemonConfig.DEFAULT_RPC_ADDR
          + "; docs/rpc.md before binding anything but loopback).")
  String rpcAddr;

  @Option(names = "--no-rpc", description = "Do not serve the JSON-RPC (TOML rpc.enabled = false).")
  Boolean noRpc;

  @Option(
      names = "--port",
      paramLabel = "N",
      description =
          "devp2p port, TCP (RLPx) and UDP (discovery) (default: " + DaemonConfig.DEFAULT_PORT + ").")
  Integer port;

  @Option(
      names = "--listen-addr",
      paramLabel = "IP",
      description =
          "Address the devp2p port binds to (default: " + DaemonConfig.DEFAULT_LISTEN_ADDR
              + ", all interfaces).")
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
  List<String> staticPeers;

  @Option(
      names = "--start-block",
      paramLabel = "N|head-N",
      description =
          "First block a fresh data dir syncs from: a number, or head-N for N blocks below the network"
              + " head (default: head-10000). A data dir keeps the start it was created with.")
  String startBlock;

  @Option(
      names = "--bootnodes",
      paramLabel = "ENODE,...",
      split = ",",
      description = "Discovery seeds, comma-separated enode URLs, replacing the chain spec's bootnodes.")
  List<String> bootnodes;

  @Option(
      names = "--no-discovery",
      description = "Do not run discv4; connect only to --static-peers (private setups).")
  Boolean noDiscovery;

  @Option(
      names = "--max-peers",
      paramLabel = "N",
      description =
          "Most peer sessions at once, inbound included (default: " + DaemonConfig.DEFAULT_MAX_PEERS
              + ").")
  Integer maxPeers;

  @Option(
      names = "--log-format",
      paramLabel = "json|text",
      description = "Log line format on stdout (default: " + DaemonConfig.DEFAULT_LOG_FORMAT + ").")
  String logFormat;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "Minimum log level: error, warn, info, debug, trace (default: "
              + DaemonConfig.DEFAULT_LOG_LEVEL + ").")
  String logLevel;

  @Override
  public Integer call() throws Exception {
    StopSignal stop = new StopSignal();
    FatalStop fatal = new FatalStop(spec.commandLine().getErr(), stop::request);
    try {
      return run(stop, fatal);
    } catch (Exception | Error e) {
      if (ErrorMapping.exitCode(e) != ExitCode.FAILURE) {
        throw e; // bad usage or configuration: Main prints the line, exit 2
      }
      fatal.failed(e); // a failed start: a store that cannot open, no RocksDB
      return ExitCode.FAILURE;
    }
  }

  private int run(StopSignal stop, FatalStop fatal) throws Exception {
    DaemonConfig c = effectiveConfig();
    LoggingSetup.configure(c.logFormat(), c.logLevel());
    ChainSpec spec = chainSpec(c);
    ChainSpecLog.loaded(spec, c.specFile(), c.bootnodes() != null);
    Path dir = c.dataDir() != null ? c.dataDir() : defaultDataDir();
    InetSocketAddress addr = HostPort.parse("--status-addr", c.statusAddr());
    Optional<InetSocketAddress> rpcAddr = c.rpcEnabled()
        ? Optional.of(HostPort.parse("--rpc-addr", c.rpcAddr()))
        : Optional.empty();
    List<Enode> peers = EnodeList.parse("--static-peers", c.staticPeers());
    NetworkOptionsBuilder net =
        new NetworkOptionsBuilder(spec, c.port(), c.listenAddr(), c.advertiseIp(), c.maxPeers());
    // Signals first: a SIGTERM while the store opens or the network binds is a clean stop as well.
    Signals.install(stop::request, fatal::failed);
    BlockStore store = RocksBlockStore.open(dir, identity(spec));
    NotifyEnvironment systemd =
        NotifyEnvironment.from(System.getenv(), ProcessHandle.current().pid());
    try (SystemdNotifier notifier = SystemdNotifier.open(systemd)) {
      Daemon daemon;
      try {
        // Without discovery the operator chose every peer: a majority of fewer than 3 may agree the
        // target.
        FastSyncConfig fastSync = FastSyncConfig.defaults()
            .withStart(parseStartBlock(c.startBlock()))
            .withSettleForMajority(!c.discovery());
        Endpoints endpoints = new Endpoints(
            addr, DurationArg.parse("status.max-head-age", c.maxHeadAge()),
            rpcAddr);
        daemon =
            Daemon.start(
                spec, store, dir, endpoints, net.build(dir, peers, c.discovery()), fastSync, stop,
                fatal, notifier);
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
      return daemon.awaitStopAndClose();
    }
  }

  /**
   * The --config file's settings (if any), each overridden by its flag when given, then the
   * defaults. A bad file fails here, before logging is set up or the store is opened.
   */
  DaemonConfig effectiveConfig() {
    DaemonConfig file = configFile == null ? DaemonConfig.EMPTY : ConfigFile.load(configFile);
    DaemonConfig flags =
        new DaemonConfig(
            dataDir, network, genesis, port, listenAddr, advertiseIp, staticPeers,
            noDiscovery == null ? null : !noDiscovery, maxPeers, statusAddr, logFormat, logLevel,
            specFile, bootnodes, startBlock == null ? null : parseStartBlock(startBlock).toString(),
            maxHeadAge == null ? null : DurationArg.parse("--max-head-age", maxHeadAge).toSeconds() + "s",
            noRpc == null ? null : !noRpc, rpcAddr);
    return file.overriddenBy(flags).withDefaults();
  }

  /** The chain to follow: built-in, genesis.json or spec file, with the bootnodes override applied. */
  static ChainSpec chainSpec(DaemonConfig c) {
    return ChainSpecs.withBootnodes(
        ChainSpecs.resolve(c.network(), c.genesis(), c.specFile()), c.bootnodes(), "--bootnodes");
  }

  private static StartBlock parseStartBlock(String text) {
    try {
      return StartBlock.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException("--start-block: " + e.getMessage());
    }
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
