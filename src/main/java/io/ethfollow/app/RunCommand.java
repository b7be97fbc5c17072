package io.ethfollow.app;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.ChainIdentity;
import io.ethfollow.store.RocksBlockStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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
    BlockStore store = RocksBlockStore.open(dir, identity(spec));
    Daemon daemon;
    try {
      daemon = Daemon.start(spec, store, dir, addr);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    Signals.install(daemon::requestStop);
    return daemon.awaitStopAndClose();
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
