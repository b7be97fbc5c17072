package io.ethfollow.discovery;

import io.ethfollow.chain.ForkId;
import io.ethfollow.wire.Enode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Discovery settings. {@link #defaults} are for the daemon; tests shorten nothing but the bind
 * address (timing stays real so behaviour under test is the behaviour in production).
 *
 * @param bind UDP address to listen on (port 0 picks a free port)
 * @param advertisedIp the address written into our ENR and pings; empty when unknown (the receiver
 *     then uses the packet's source address, as discv4 intends)
 * @param tcpPort our RLPx port, announced in pings and the ENR (0: none)
 * @param bootnodes nodes to seed the table from
 * @param localForkId our fork id for the ENR "eth" entry; empty writes no entry
 * @param forkIdCheck judges remote ENR fork ids; empty delivers every node
 * @param requireEthEntry when true (and a check is configured), nodes whose ENR lacks an "eth"
 *     entry or that do not answer an ENRRequest are not delivered
 */
public record DiscoveryConfig(
    InetSocketAddress bind,
    Optional<InetAddress> advertisedIp,
    int tcpPort,
    List<Enode> bootnodes,
    Optional<ForkId> localForkId,
    Optional<ForkIdCheck> forkIdCheck,
    boolean requireEthEntry) {

  /** discv4's registered port. */
  public static final int DEFAULT_PORT = 30303;

  /** Reply timeout for ping, findnode and ENR requests. See {@link DiscoveryProtocol}. */
  public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(1);

  public DiscoveryConfig {
    bootnodes = List.copyOf(bootnodes);
  }

  /** Listen on all interfaces at 30303 and seed from these bootnodes. */
  public static DiscoveryConfig defaults(List<Enode> bootnodes, int tcpPort) {
    return new DiscoveryConfig(
        new InetSocketAddress(DEFAULT_PORT), Optional.empty(), tcpPort, bootnodes, Optional.empty(),
        Optional.empty(), false);
  }

  /** 127.0.0.1 on a free port, advertising 127.0.0.1 (loopback tests). */
  public static DiscoveryConfig forTests(List<Enode> bootnodes) {
    InetAddress lo = InetAddress.getLoopbackAddress();
    return new DiscoveryConfig(
        new InetSocketAddress(lo, 0), Optional.of(lo), 30303, bootnodes, Optional.empty(),
        Optional.empty(), false);
  }

  public DiscoveryConfig withForkId(ForkId localForkId, ForkIdCheck check) {
    return new DiscoveryConfig(
        bind, advertisedIp, tcpPort, bootnodes, Optional.ofNullable(localForkId),
        Optional.ofNullable(check), requireEthEntry);
  }

  public DiscoveryConfig withBootnodes(List<Enode> newBootnodes) {
    return new DiscoveryConfig(
        bind, advertisedIp, tcpPort, newBootnodes, localForkId, forkIdCheck, requireEthEntry);
  }

  public DiscoveryConfig withTcpPort(int port) {
    return new DiscoveryConfig(
        bind, advertisedIp, port, bootnodes, localForkId, forkIdCheck, requireEthEntry);
  }
}
