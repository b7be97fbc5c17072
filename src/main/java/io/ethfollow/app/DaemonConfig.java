package io.ethfollow.app;

import io.ethfollow.sync.StartBlock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@code run} setting, from the TOML file ({@link ConfigFile}), the command line, or both. A
 * {@code null} component means "not given here"; {@link #overriddenBy} layers the command line
 * over the file and {@link #withDefaults} fills in what neither gave. {@code dataDir},
 * {@code advertiseIp}, {@code genesis}, {@code specFile} and {@code bootnodes} stay {@code null}
 * after defaults: their defaults are computed at start-up ($STATE_DIRECTORY, the listen address, "no
 * custom chain", the chain spec's own bootnodes). The chain is one choice among {@code network},
 * {@code genesis} and {@code specFile}.
 */
record DaemonConfig(
    Path dataDir,
    String network,
    Path genesis,
    Integer port,
    String listenAddr,
    String advertiseIp,
    List<String> staticPeers,
    Boolean discovery,
    Integer maxPeers,
    String statusAddr,
    String logFormat,
    String logLevel,
    Path specFile,
    List<String> bootnodes,
    String startBlock,
    String maxHeadAge,
    Boolean rpcEnabled,
    String rpcAddr) {

  /** The standard devp2p port, so peers and firewall rules written for geth work unchanged. */
  static final int DEFAULT_PORT = 30303;

  /** All interfaces: a node that only listens on loopback gets no inbound peers. */
  static final String DEFAULT_LISTEN_ADDR = "0.0.0.0";

  /** Enough peers to fetch every new block quickly, few enough for a small VM's sockets and CPU. */
  static final int DEFAULT_MAX_PEERS = 50;

  /** Sessions beyond this cost more than they help a follower, and it caps fds and memory. */
  static final int MAX_PEERS_LIMIT = 1000;

  /** Loopback: the status endpoint has no authentication, so it is not exposed unless asked. */
  static final String DEFAULT_STATUS_ADDR = "127.0.0.1:8547";

  /** One JSON object per line is what journald and log shippers index without parsing rules. */
  static final String DEFAULT_LOG_FORMAT = "json";

  /** Lifecycle and sync progress without per-message noise. */
  static final String DEFAULT_LOG_LEVEL = "info";

  /**
   * Ten 12 s slots: a missed slot or two is normal on mainnet, ten in a row without a new block here
   * means the network stalled or our only peers are stale (a lone stale peer keeps the lag at 0).
   */
  static final String DEFAULT_MAX_HEAD_AGE = "120s";

  /**
   * The port every Ethereum client and library expects for JSON-RPC, on loopback: the RPC has no
   * authentication, so it is not exposed unless asked (see docs/rpc.md before binding another).
   */
  static final String DEFAULT_RPC_ADDR = "127.0.0.1:8545";

  /** On: reading the history is what the store is for. */
  static final boolean DEFAULT_RPC_ENABLED = true;

  /** Discovery on: a public-network node needs it to find peers; private setups turn it off. */
  static final boolean DEFAULT_DISCOVERY = true;

  /** Nothing given anywhere. */
  static final DaemonConfig EMPTY =
      new DaemonConfig(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null);

  DaemonConfig {
    staticPeers = staticPeers == null ? null : List.copyOf(staticPeers);
    bootnodes = bootnodes == null ? null : List.copyOf(bootnodes);
  }

  /**
   * This configuration with every component {@code over} gives replacing ours. The chain is one
   * choice: if {@code over} names a network, a genesis file or a spec file, it replaces all three of
   * ours, so a command-line {@code --genesis} wins over a file's {@code network} without a conflict.
   */
  DaemonConfig overriddenBy(DaemonConfig over) {
    boolean chainOver = over.network != null || over.genesis != null || over.specFile != null;
    return new DaemonConfig(
        pick(over.dataDir, dataDir),
        chainOver ? over.network : network,
        chainOver ? over.genesis : genesis,
        pick(over.port, port),
        pick(over.listenAddr, listenAddr),
        pick(over.advertiseIp, advertiseIp),
        pick(over.staticPeers, staticPeers),
        pick(over.discovery, discovery),
        pick(over.maxPeers, maxPeers),
        pick(over.statusAddr, statusAddr),
        pick(over.logFormat, logFormat),
        pick(over.logLevel, logLevel),
        chainOver ? over.specFile : specFile,
        pick(over.bootnodes, bootnodes),
        pick(over.startBlock, startBlock),
        pick(over.maxHeadAge, maxHeadAge),
        pick(over.rpcEnabled, rpcEnabled),
        pick(over.rpcAddr, rpcAddr));
  }

  /** This configuration with the documented defaults for every fixed-default setting not given. */
  DaemonConfig withDefaults() {
    return new DaemonConfig(
        dataDir,
        network == null && genesis == null && specFile == null ? ChainSpecs.DEFAULT_NETWORK : network,
        genesis,
        pick(port, DEFAULT_PORT),
        pick(listenAddr, DEFAULT_LISTEN_ADDR),
        advertiseIp,
        pick(staticPeers, List.of()),
        pick(discovery, DEFAULT_DISCOVERY),
        pick(maxPeers, DEFAULT_MAX_PEERS),
        pick(statusAddr, DEFAULT_STATUS_ADDR),
        pick(logFormat, DEFAULT_LOG_FORMAT),
        pick(logLevel, DEFAULT_LOG_LEVEL),
        specFile,
        bootnodes,
        pick(startBlock, StartBlock.DEFAULT.toString()),
        pick(maxHeadAge, DEFAULT_MAX_HEAD_AGE),
        pick(rpcEnabled, DEFAULT_RPC_ENABLED),
        pick(rpcAddr, DEFAULT_RPC_ADDR));
  }

  /** The settings keyed as in the TOML file ({@code section.key}), for {@code config check}. */
  Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("store.data-dir", dataDir == null ? null : dataDir.toString());
    m.put("chain.network", network);
    m.put("chain.genesis", genesis == null ? null : genesis.toString());
    m.put("chain.spec-file", specFile == null ? null : specFile.toString());
    m.put("p2p.port", port);
    m.put("p2p.listen-addr", listenAddr);
    m.put("p2p.advertise-ip", advertiseIp);
    m.put("p2p.static-peers", staticPeers);
    m.put("p2p.bootnodes", bootnodes);
    m.put("sync.start-block", startBlock);
    m.put("p2p.discovery", discovery);
    m.put("p2p.max-peers", maxPeers);
    m.put("status.addr", statusAddr);
    m.put("status.max-head-age", maxHeadAge);
    m.put("rpc.enabled", rpcEnabled);
    m.put("rpc.addr", rpcAddr);
    m.put("log.format", logFormat);
    m.put("log.level", logLevel);
    return m;
  }

  private static <T> T pick(T first, T second) {
    return first != null ? first : second;
  }
}
