package io.ethfollow.app;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.devnet.DevnetChain;
import io.ethfollow.devnet.DevnetGenesis;
import io.ethfollow.devnet.FaultSpec;
import io.ethfollow.devnet.FaultyResponder;
import io.ethfollow.devnet.Producer;
import io.ethfollow.devnet.StoreClone;
import io.ethfollow.network.NetworkService;
import io.ethfollow.network.Responder;
import io.ethfollow.peer.CachedPeer;
import io.ethfollow.peer.PeerCache;
import io.ethfollow.status.StatusServer;
import io.ethfollow.store.RocksBlockStore;
import io.ethfollow.store.StoreOptions;
import io.ethfollow.time.SystemScheduler;
import io.ethfollow.wire.serve.RequestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ethfollow devnet serve}: one block producer. Opens (or clones from the genesis directory's
 * prefilled store, by hard links) its store in {@code --data-dir}, starts RLPx with eth/68 and
 * eth/69 (no discovery) answering through the {@code --fault} injector, prints its enode as the first
 * stdout line, logs JSON lines like the daemon, and extends the chain every block time until SIGTERM
 * or Ctrl-C. Threads: main (start, then waits for the stop), ethfollow-main (network), ethfollow-serve
 * (answers peers from the store), devnet-producer (writes blocks), devnet-generate (block content).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve a devnet chain over RLPx and extend it every block time (until SIGTERM or Ctrl-C).")
final class DevnetServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DevnetServeCommand.class);

  /** The producer's own store inside --data-dir (the node key sits next to it). */
  static final String STORE_DIR = "store";

  /** Status refresh, as the daemon's: operators poll about once a second. */
  private static final Duration STATUS_REFRESH = Duration.ofSeconds(1);

  /** Threads get this long to finish at stop (the daemon promises a stop within 10 s). */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  @Spec CommandSpec spec;

  @Option(names = "--genesis", required = true, paramLabel = "FILE", description = "The devnet's genesis.json.")
  Path genesis;

  @Option(names = "--port", paramLabel = "N", defaultValue = "30303", description = "RLPx TCP port (0: any free port; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--listen-addr", paramLabel = "IP", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
  String listenAddr;

  @Option(names = "--advertise-ip", paramLabel = "IP", description = "IP in the printed enode (default: --listen-addr).")
  String advertiseIp;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Producer directory (store + node key); default: a temporary directory removed at exit.")
  Path dataDir;

  @Option(
      names = "--fault",
      paramLabel = "SPEC",
      description = "Comma-separated faults: lag:MS, stale:BLOCKS, empty:RATE, timeout:RATE, slow:MS, invalid:RATE, disconnect:RATE.")
  String fault;

  @Option(names = "--status-addr", paramLabel = "HOST:PORT", description = "Serve /status, /health, /peers, /metrics here (default: off).")
  String statusAddr;

  @Option(names = "--max-peers", paramLabel = "N", defaultValue = "50", description = "Most peer sessions at once (default ${DEFAULT-VALUE}).")
  int maxPeers;

  @Option(names = "--log-format", paramLabel = "json|text", defaultValue = "json", description = "Log line format (default ${DEFAULT-VALUE}).")
  String logFormat;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info", description = "Minimum log level (default ${DEFAULT-VALUE}).")
  String logLevel;

  /** Producer stores keep no tx index: they only serve blocks, and it would cost a keccak per tx. */
  static StoreOptions storeOptions() {
    return StoreOptions.defaults().withTxIndex(false);
  }

  @Override
  public Integer call() throws Exception {
    LoggingSetup.configure(logFormat, logLevel);
    DevnetChain chain = DevnetGenesis.load(ExistingFile.require("--genesis", genesis));
    FaultSpec faults;
    try {
      faults = FaultSpec.parse(fault);
    } catch (IllegalArgumentException e) {
      throw new CliException("--fault: " + e.getMessage());
    }
    InetSocketAddress status = statusAddr == null ? null : HostPort.parse("--status-addr", statusAddr);
    NetworkOptionsBuilder netBuilder = new NetworkOptionsBuilder(chain.spec(), port, listenAddr, advertiseIp, maxPeers);
    boolean temporary = dataDir == null;
    Path dir = temporary ? Files.createTempDirectory("ethfollow-devnet-") : dataDir;
    StopSignal stop = new StopSignal();
    Signals.install(stop::request);
    try {
      return serve(chain, faults, netBuilder, dir, status, stop);
    } finally {
      if (temporary) {
        deleteTree(dir);
      }
    }
  }

  private int serve(DevnetChain chain, FaultSpec faults, NetworkOptionsBuilder netBuilder, Path dir,
      InetSocketAddress statusAddress, StopSignal stop) throws Exception {
    Files.createDirectories(dir);
    Path storeDir = dir.resolve(STORE_DIR);
    String prepared = prepareStore(storeDir);
    NetworkOptions net = netBuilder.build(dir, List.of(), false);
    java.util.function.Consumer<Throwable> fatal = e -> {
      LOG.atError().setMessage("unexpected failure on " + Thread.currentThread().getName() + ", stopping")
          .addKeyValue("event", "fatal_error").setCause(e).log();
      stop.request("fatal error");
    };
    ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
      Thread t = new Thread(r, "devnet-generate");
      t.setDaemon(true);
      return t;
    });
    try (RocksBlockStore store = RocksBlockStore.open(storeDir, DevnetInitCommand.identity(chain), storeOptions());
        SystemScheduler main = new SystemScheduler("ethfollow-main", fatal);
        SystemScheduler serving = new SystemScheduler("ethfollow-serve", fatal);
        SystemScheduler producing = new SystemScheduler("devnet-producer", fatal)) {
      AtomicReference<NetworkService> network = new AtomicReference<>();
      Producer producer = new Producer(chain, store, faults, producing, workers, head -> announce(network.get(), head));
      RequestServer server = new RequestServer(store);
      Responder responder = faults.affectsRequests()
          ? new FaultyResponder(server, faults, serving, chain.params().seed())
          : Responder.of(server);
      NetworkService service = NetworkService.startWith(
          chain.spec(), net.nodeKey(), net.settings(), responder, producer::localHead, main, serving::execute,
          action -> false, NO_CACHE);
      network.set(service);
      StatusServer statusServer = null;
      try {
        String enode = service.enode(net.advertisedAddress()).toUrl();
        PrintWriter out = spec.commandLine().getOut();
        out.println(enode);
        out.flush();
        if (statusAddress != null) {
          statusServer = startStatus(chain, store, dir, service, enode, main, statusAddress, stop);
        }
        LOG.atInfo()
            .setMessage("devnet producer started")
            .addKeyValue("event", "started")
            .addKeyValue("version", Version.VERSION)
            .addKeyValue("network", "devnet")
            .addKeyValue("chainId", chain.spec().chainId())
            .addKeyValue("genesis", chain.spec().genesisHash().toHex())
            .addKeyValue("enode", enode)
            .addKeyValue("dataDir", dir.toString())
            .addKeyValue("store", prepared)
            .addKeyValue("localHead", producer.localHead().number())
            .addKeyValue("profile", chain.params().profile().name())
            .addKeyValue("blockTimeMs", chain.params().blockTimeMillis())
            .addKeyValue("fault", fault == null ? "" : fault)
            .addKeyValue("status", statusServer == null ? "" : "http://" + statusAddressText(statusServer) + "/status")
            .log();
        producer.start();
        stop.await();
      } finally {
        producer.stop();
        service.close();
        if (statusServer != null) {
          statusServer.close();
        }
        producing.shutdown(STOP_TIMEOUT);
        main.shutdown(STOP_TIMEOUT);
        serving.shutdown(STOP_TIMEOUT);
        workers.shutdownNow();
        store.flush();
      }
      LOG.atInfo().setMessage("devnet producer stopped").addKeyValue("event", "stopped")
          .addKeyValue("localHead", producer.localHead().number()).log();
    }
    return ExitCode.OK;
  }

  /**
   * Makes sure {@code storeDir} holds a store: the existing one (a restart), a hard-link clone of the
   * genesis directory's prefilled store, or a new one (genesis only). Returns which, for the log.
   */
  private String prepareStore(Path storeDir) throws IOException {
    if (Files.isDirectory(storeDir) && !isEmpty(storeDir)) {
      return "existing";
    }
    Path prefilled = genesis.toAbsolutePath().getParent().resolve(DevnetInitCommand.STORE_DIR);
    if (Files.isRegularFile(prefilled.resolve("CURRENT"))) {
      if (prefilled.toRealPath().equals(storeDir.toAbsolutePath().normalize())) {
        throw new CliException("--data-dir: the producer's store would be the shared prefilled store itself");
      }
      StoreClone.Method m = StoreClone.cloneStore(prefilled, storeDir);
      return m == StoreClone.Method.HARD_LINKS ? "cloned (hard links)" : "cloned (copied)";
    }
    return "new";
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void announce(NetworkService network, BlockHeader head) {
    if (network != null) {
      network.announceRange(0, head.number(), head.hash());
    }
  }

  private StatusServer startStatus(DevnetChain chain, RocksBlockStore store, Path dir, NetworkService service,
      String enode, SystemScheduler main, InetSocketAddress address, StopSignal stop) {
    StatusPublisher status = new StatusPublisher(chain.spec(), store, dir.toString(), main.clock());
    status.attach(service, enode);
    status.fixedMode("producing");
    java.util.concurrent.CompletableFuture.runAsync(status::refresh, main::execute).join();
    scheduleRefresh(main, status, stop);
    return StatusServer.start(address, status, status);
  }

  private static void scheduleRefresh(SystemScheduler s, StatusPublisher status, StopSignal stop) {
    s.schedule(STATUS_REFRESH, () -> {
      status.refresh();
      scheduleRefresh(s, status, stop);
    });
  }

  private static String statusAddressText(StatusServer s) {
    return s.address().getHostString() + ":" + s.address().getPort();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.atWarn().setMessage("could not remove temporary data dir").addKeyValue("dir", dir.toString()).log();
    }
  }

  /** A producer keeps no peer history. */
  private static final PeerCache NO_CACHE = new PeerCache() {
    @Override
    public List<CachedPeer> load() {
      return List.of();
    }

    @Override
    public void save(List<CachedPeer> peers) {}
  };
}
