package io.ethfollow.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.network.LocalHead;
import io.ethfollow.network.NetworkService;
import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PoolConfig;
import io.ethfollow.request.ExecutorConfig;
import io.ethfollow.rlpx.RlpxConfig;
import io.ethfollow.time.SystemScheduler;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import io.ethfollow.wire.p2p.Capability;
import io.ethfollow.wire.serve.ChainReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ethfollow peer ...}: diagnostics against one peer. */
@Command(
    name = "peer",
    mixinStandardHelpOptions = true,
    description = "Diagnostics against one peer.",
    subcommands = {PeerCommand.Check.class})
final class PeerCommand extends SubcommandGroup {

  /**
   * {@code ethfollow peer check --peer ENODE}: connects (RLPx, eth/68 or eth/69, Status with fork id
   * validation), downloads the peer's whole chain through the request executor and verifies all of
   * it. Prints a JSON report; exit 0 when everything downloaded and verified, 1 otherwise (including
   * requests the peer never answered, which time out and are reported), 2 for bad arguments.
   */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Download and verify a peer's chain (headers, bodies, receipts); JSON report.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--peer", required = true, paramLabel = "ENODE", description = "The peer's enode URL.")
    String peer;

    @Option(names = "--network", paramLabel = "NAME", description = "Built-in network (default mainnet).")
    String network;

    @Option(names = "--genesis", paramLabel = "FILE", description = "genesis.json of a custom network.")
    java.nio.file.Path genesis;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "10s",
        description = "Per-request timeout (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(
        names = "--eth",
        paramLabel = "68|69",
        description = "Offer only this eth version (default: both, the highest common is used).")
    Integer eth;

    /** Connecting needs TCP, the ECIES handshake, Hello and Status: seconds on loopback. */
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(20);

    @Override
    public Integer call() throws Exception {
      LoggingSetup.forTools();
      ChainSpec chain = ChainSpecs.resolve(network, genesis);
      Enode enode;
      try {
        enode = Enode.parse(peer);
      } catch (IllegalArgumentException e) {
        throw new CliException("--peer: " + e.getMessage());
      }
      Duration requestTimeout = DurationArg.parse("--timeout", timeout);
      List<Capability> caps = capabilities();

      RlpxConfig d = RlpxConfig.defaults();
      // Listen on loopback with a free port: this tool dials out and wants no inbound peers.
      RlpxConfig rlpx =
          new RlpxConfig("127.0.0.1", 0, d.clientId(), caps, d.handshakeTimeout(), d.connectTimeout(),
              d.pingInterval(), d.disconnectLinger(), d.maxFrameSize(), 1);
      NetworkService.Settings settings =
          new NetworkService.Settings(
              rlpx,
              Optional.empty(),
              PoolConfig.defaults().withPeers(1, 1, 1),
              new ExecutorConfig(requestTimeout, requestTimeout, 3, requestTimeout),
              List.of(enode));
      LocalHead genesisHead = new LocalHead(0, chain.genesisHash(), chain.genesisTimestamp(), 0);
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      try (SystemScheduler net = new SystemScheduler("ethfollow-net")) {
        CompletableFuture<PeerId> ready = new CompletableFuture<>();
        NetworkService network =
            NetworkService.start(
                chain, NodeKey.random(), settings, NOTHING, () -> genesisHead, net, net::execute,
                action -> {
                  if (action instanceof io.ethfollow.peer.PeerAction.PeerAvailable a) {
                    ready.complete(a.id());
                  }
                  return false; // head probes are left to the network service
                },
                NO_CACHE);
        try {
          PeerId id;
          try {
            id = ready.get(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            PeerChecker.Report r =
                new PeerChecker.Report(PeerId.of(enode).hex(), null, 0, null,
                    new PeerChecker.Verified(0, 0, 0),
                    List.of(new PeerChecker.Problem("connect", "timeout", 0,
                        "no usable eth session within " + CONNECT_WAIT.toSeconds() + " s (refused, handshake failed or wrong chain)")),
                    false,
                    null);
            print(json, r);
            return ExitCode.FAILURE;
          }
          PeerChecker.Report report = new PeerChecker(chain, network, net, requestTimeout).check(id);
          print(json, report);
          return report.passed() ? ExitCode.OK : ExitCode.FAILURE;
        } finally {
          network.close();
        }
      }
    }

    private List<Capability> capabilities() {
      if (eth == null) {
        return List.of(Capability.ETH68, Capability.ETH69);
      }
      if (eth == 68) {
        return List.of(Capability.ETH68);
      }
      if (eth == 69) {
        return List.of(Capability.ETH69);
      }
      throw new CliException("--eth must be 68 or 69, got " + eth);
    }

    private void print(ObjectMapper json, PeerChecker.Report r) throws Exception {
      spec.commandLine().getOut().println(json.writeValueAsString(r));
      spec.commandLine().getOut().flush();
    }

    /** This tool keeps no peer history. */
    private static final io.ethfollow.peer.PeerCache NO_CACHE =
        new io.ethfollow.peer.PeerCache() {
          @Override
          public List<io.ethfollow.peer.CachedPeer> load() {
            return List.of();
          }

          @Override
          public void save(List<io.ethfollow.peer.CachedPeer> peers) {}
        };

    /** This tool stores nothing, so it serves nothing: every peer request gets an empty answer. */
    private static final ChainReader NOTHING = ChainReader.empty();
  }
}
