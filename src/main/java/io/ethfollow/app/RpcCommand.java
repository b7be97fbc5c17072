package io.ethfollow.app;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.rpc.RpcNodeState;
import io.ethfollow.rpc.RpcServer;
import io.ethfollow.store.RocksBlockStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ethfollow rpc --data-dir DIR}: serves the JSON-RPC from an existing store without syncing,
 * beside a running daemon on the same data dir or alone. The store is opened as a RocksDB secondary
 * instance and caught up with the daemon's writes every {@link #CATCH_UP_MILLIS}, so new blocks
 * appear within about a second. Blocks the main thread until SIGTERM/SIGINT; a catch-up thread of
 * its own ({@code ethfollow-rpc-catchup}) and the RPC server's threads do the work.
 */
@Command(
    name = "rpc",
    mixinStandardHelpOptions = true,
    description = "Serve the JSON-RPC from a store (read-only, beside a running daemon), until SIGTERM.")
final class RpcCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RpcCommand.class);

  /** Half a second: new blocks reach RPC clients within a second, at a few ms of work per catch-up. */
  static final long CATCH_UP_MILLIS = 500;

  @Spec CommandSpec spec;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Store directory.")
  Path dataDir;

  @Option(
      names = "--rpc-addr",
      paramLabel = "HOST:PORT",
      description = "JSON-RPC address (default: " + DaemonConfig.DEFAULT_RPC_ADDR + ").")
  String rpcAddr = DaemonConfig.DEFAULT_RPC_ADDR;

  @Option(names = "--network", paramLabel = "NAME", description = "Built-in network of the store"
      + " (default: the store's own, when it is a built-in one).")
  String network;

  @Option(names = "--genesis", paramLabel = "FILE", description = "genesis.json of a custom network.")
  Path genesis;

  @Option(names = "--spec-file", paramLabel = "FILE", description = "Chain spec file of the network.")
  Path specFile;

  @Option(names = "--log-format", paramLabel = "json|text", description = "Log line format (default: json).")
  String logFormat = DaemonConfig.DEFAULT_LOG_FORMAT;

  @Override
  public Integer call() throws Exception {
    LoggingSetup.configure(logFormat, DaemonConfig.DEFAULT_LOG_LEVEL);
    InetSocketAddress addr = HostPort.parse("--rpc-addr", rpcAddr);
    ExistingDir.requireExisting("--data-dir", dataDir);
    StopSignal stop = new StopSignal();
    FatalStop fatal = new FatalStop(spec.commandLine().getErr(), stop::request);
    Signals.install(stop::request, fatal::failed);
    try (RocksBlockStore store = RocksBlockStore.openSecondary(dataDir)) {
      ChainSpec chain = chainOf(store);
      ScheduledExecutorService catchUp = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ethfollow-rpc-catchup");
        t.setDaemon(true);
        return t;
      });
      AtomicBoolean warned = new AtomicBoolean();
      catchUp.scheduleWithFixedDelay(() -> {
        try {
          store.catchUpWithPrimary();
        } catch (RuntimeException e) {
          if (warned.compareAndSet(false, true)) { // once: a daemon restarting is not news each 0.5 s
            LOG.atWarn().setMessage("cannot catch up with the daemon's writes")
                .addKeyValue("event", "rpc_catch_up_failed")
                .addKeyValue("error", String.valueOf(e.getMessage())).log();
          }
        }
      }, CATCH_UP_MILLIS, CATCH_UP_MILLIS, TimeUnit.MILLISECONDS);
      try (RpcServer server = RpcEndpoint.start(addr, chain, store, RpcNodeState.NONE)) {
        LOG.atInfo().setMessage("serving the JSON-RPC from the store")
            .addKeyValue("event", "rpc_started")
            .addKeyValue("rpc", "http://" + server.address().getHostString() + ":" + server.address().getPort())
            .addKeyValue("dataDir", dataDir.toString())
            .addKeyValue("network", chain.name())
            .log();
        stop.await();
      } finally {
        catchUp.shutdownNow();
      }
    }
    LOG.atInfo().setMessage("JSON-RPC stopped").addKeyValue("event", "stopped").log();
    return fatal.happened() ? ExitCode.FAILURE : ExitCode.OK;
  }

  /** The store's chain: named by a flag, or its own built-in network; refused when they differ. */
  private ChainSpec chainOf(RocksBlockStore store) {
    ChainSpec chain = network == null && genesis == null && specFile == null
        ? VerifyCommand.builtInChain(store)
        : ChainSpecs.resolve(network, genesis, specFile);
    if (chain == null) {
      throw new CliException("the store at " + dataDir + " belongs to network '"
          + store.identity().networkName() + "', not a built-in one: name it with --genesis or --spec-file");
    }
    if (!chain.genesisHash().equals(store.identity().genesisHash())) {
      throw new CliException("the store at " + dataDir + " belongs to another chain (genesis "
          + store.identity().genesisHash().toHex() + ", not " + chain.genesisHash().toHex() + ")");
    }
    return chain;
  }
}
