package io.ethfollow.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ForkId;
import io.ethfollow.devnet.ChainAdvancer;
import io.ethfollow.devnet.DevnetChain;
import io.ethfollow.devnet.DevnetGenesis;
import io.ethfollow.devnet.DevnetParams;
import io.ethfollow.devnet.Profile;
import io.ethfollow.devnet.ReorgSchedule;
import io.ethfollow.store.ChainIdentity;
import io.ethfollow.store.RocksBlockStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ethfollow devnet init}: writes a devnet's genesis.json and, with {@code --prefill N}, a
 * store of blocks 1..N whose timestamps are already in the past (the genesis time is set N block
 * times before now). Generates content on every core, writes on the main thread; prints a JSON
 * summary. Exit 2 for bad arguments or an existing devnet in {@code --out}.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Write a devnet genesis.json (and optionally a prefilled store); JSON summary.")
final class DevnetInitCommand implements Callable<Integer> {
  /** Directory name of the prefilled store inside --out; `devnet serve` looks for it there. */
  static final String STORE_DIR = "store";

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for genesis.json and the store.")
  Path out;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Content seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--block-time",
      paramLabel = "MS",
      defaultValue = "12000",
      description = "Time between blocks: milliseconds, or a duration like 12s (default ${DEFAULT-VALUE}).")
  String blockTime;

  @Option(
      names = "--profile",
      paramLabel = "small|mainnet",
      defaultValue = "small",
      description = "Block content profile (default ${DEFAULT-VALUE}).")
  String profile;

  @Option(names = "--prefill", paramLabel = "N", defaultValue = "0", description = "Blocks to generate now into DIR/store.")
  long prefill;

  @Option(names = "--reorg-every", paramLabel = "N", defaultValue = "0", description = "Reorganise every N blocks (0: never).")
  long reorgEvery;

  @Option(names = "--reorg-depth", paramLabel = "D", defaultValue = "0", description = "Blocks replaced per reorg (1 to N-1).")
  long reorgDepth;

  @Option(names = "--chain-id", paramLabel = "ID", description = "Chain and network id (default: derived from the seed).")
  Long chainId;

  @Option(
      names = "--genesis-time",
      paramLabel = "UNIX_SECONDS",
      description = "Genesis timestamp (default: now minus prefill × block time, so the prefill is in the past).")
  Long genesisTime;

  @Override
  public Integer call() throws Exception {
    LoggingSetup.forTools("info");
    long blockMillis = DevnetCommand.blockTimeMillis(blockTime);
    Profile p;
    ReorgSchedule reorgs;
    try {
      p = Profile.named(profile);
      reorgs = new ReorgSchedule(reorgEvery, reorgDepth);
    } catch (IllegalArgumentException e) {
      throw new CliException("--profile/--reorg-*: " + e.getMessage());
    }
    if (prefill < 0) {
      throw new CliException("--prefill must be >= 0, got " + prefill);
    }
    if (Files.exists(out.resolve("genesis.json")) || Files.exists(out.resolve(STORE_DIR))) {
      throw new CliException("--out: " + out + " already holds a devnet (genesis.json or store); use an empty directory");
    }
    long genesis = genesisTime != null
        ? genesisTime
        : Math.max(0, (System.currentTimeMillis() - prefill * blockMillis) / 1000);
    DevnetParams params = new DevnetParams(seed, p, blockMillis, genesis, reorgs);
    long id = chainId != null ? chainId : DevnetGenesis.defaultChainId(seed);
    if (id <= 0) {
      throw new CliException("--chain-id must be positive, got " + id);
    }
    Path file = DevnetGenesis.write(out, id, params);
    DevnetChain chain = DevnetGenesis.load(file);

    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode summary = json.createObjectNode();
    summary.put("genesis", file.toString());
    summary.put("genesisHash", chain.spec().genesisHash().toHex());
    summary.put("chainId", chain.spec().chainId());
    summary.put("networkId", chain.spec().networkId());
    ForkId fork = chain.spec().forkId(0, chain.spec().genesisTimestamp());
    summary.put("forkId", fork.hashHex());
    summary.put("forkNext", fork.next());
    summary.put("genesisTime", genesis);
    summary.put("blockTimeMs", blockMillis);
    summary.put("profile", p.name());
    summary.put("seed", seed);
    summary.put("reorgEvery", reorgs.every());
    summary.put("reorgDepth", reorgs.depth());
    if (prefill > 0) {
      prefill(chain, summary);
    }
    spec.commandLine().getOut().println(summary.toPrettyString());
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  private void prefill(DevnetChain chain, ObjectNode summary) {
    Path storeDir = out.resolve(STORE_DIR);
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "devnet-generate");
      t.setDaemon(true);
      return t;
    });
    long start = System.nanoTime();
    try (RocksBlockStore store = RocksBlockStore.open(storeDir, identity(chain), DevnetServeCommand.storeOptions())) {
      ChainAdvancer advancer = new ChainAdvancer(chain, store, workers, 64, new ChainAdvancer.Listener() {});
      advancer.advance(prefill, Long.MAX_VALUE);
      store.flush();
      BlockHeader head = advancer.head();
      double secs = (System.nanoTime() - start) / 1e9;
      summary.put("store", storeDir.toString());
      summary.putObject("head").put("number", head.number()).put("hash", head.hash().toHex());
      summary.put("prefillSeconds", Math.round(secs * 100) / 100.0);
      summary.put("prefillBlocksPerSec", Math.round(prefill / secs));
      summary.put("generatorThreads", threads);
    } finally {
      workers.shutdownNow();
    }
  }

  static ChainIdentity identity(DevnetChain chain) {
    return new ChainIdentity(chain.spec().genesisHash(), chain.spec().networkId(), "devnet");
  }
}
