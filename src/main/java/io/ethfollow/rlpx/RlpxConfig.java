package io.ethfollow.rlpx;

import io.ethfollow.wire.p2p.Capability;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the RLPx transport. Use {@link #defaults()} in the daemon and {@link #forTests()} in
 * loopback tests. Immutable value.
 *
 * @param host address to listen on
 * @param port TCP port to listen on; 0 picks a free one (tests)
 * @param clientId the client id our Hello carries
 * @param capabilities what our Hello offers (eth/68 and eth/69)
 * @param handshakeTimeout bound on connect-to-Hello (ECIES exchange plus both Hellos)
 * @param connectTimeout bound on the TCP connect of a dial
 * @param pingInterval send a Ping after this long without inbound traffic; a peer silent for twice
 *     this long (no Pong, no anything) is dropped with "ping timeout"
 * @param disconnectLinger how long a Disconnect message is given to reach the peer before the socket
 *     is closed
 * @param maxFrameSize largest frame (message id + payload as sent) accepted or sent
 * @param ioThreads Netty event-loop threads for all connections
 * @param maxPendingConnections connections (inbound and dialled) allowed at once between TCP
 *     connect and the peer's accepted Hello; beyond it an inbound connection is closed at once and a
 *     dial evicts the oldest inbound one (see {@link PendingConnections})
 * @param maxInboundSessions inbound sessions allowed past Hello at once (our dials are bounded by
 *     the pool); one more is disconnected with "too many peers" right after its Hello, before it
 *     can send the 16 MiB frames a session may carry
 */
public record RlpxConfig(
    String host,
    int port,
    String clientId,
    List<Capability> capabilities,
    Duration handshakeTimeout,
    Duration connectTimeout,
    Duration pingInterval,
    Duration disconnectLinger,
    int maxFrameSize,
    int ioThreads,
    int maxPendingConnections,
    int maxInboundSessions) {

  /**
   * Default cap on connections in their handshake: geth's default pending-peer limit. Each costs at
   * most {@link PendingConnections#MAX_BYTES_PER_CONNECTION} of buffered input, so 50 bound what
   * unauthenticated connections can make us hold to 400 KiB; honest handshakes take under a second,
   * so 50 slots admit about 50 new peers a second.
   */
  public static final int DEFAULT_MAX_PENDING_CONNECTIONS = 50;

  /**
   * Default inbound session limit: the pool's default maximum of peers (50), which it enforces only
   * after the eth Status; the transport enforces it right after Hello, so sessions that never send
   * a Status cannot pile up meanwhile. The network service sets it to the pool's own maximum.
   */
  public static final int DEFAULT_MAX_INBOUND_SESSIONS = 50;

  public RlpxConfig {
    capabilities = List.copyOf(capabilities);
    if (maxPendingConnections < 1 || maxInboundSessions < 1) {
      throw new IllegalArgumentException(
          "maxPendingConnections and maxInboundSessions must be at least 1");
    }
    if (maxFrameSize < 64 || maxFrameSize > FrameDecoder.MAX_FRAME_SIZE) {
      throw new IllegalArgumentException("maxFrameSize outside 64.." + FrameDecoder.MAX_FRAME_SIZE);
    }
  }

  /**
   * Settings with the default {@link #DEFAULT_MAX_PENDING_CONNECTIONS handshake} and {@link
   * #DEFAULT_MAX_INBOUND_SESSIONS inbound session} caps.
   */
  public RlpxConfig(
      String host,
      int port,
      String clientId,
      List<Capability> capabilities,
      Duration handshakeTimeout,
      Duration connectTimeout,
      Duration pingInterval,
      Duration disconnectLinger,
      int maxFrameSize,
      int ioThreads) {
    this(host, port, clientId, capabilities, handshakeTimeout, connectTimeout, pingInterval,
        disconnectLinger, maxFrameSize, ioThreads, DEFAULT_MAX_PENDING_CONNECTIONS,
        DEFAULT_MAX_INBOUND_SESSIONS);
  }

  /**
   * Daemon settings.
   *
   * <ul>
   *   <li>handshake 5 s: ECIES plus Hello is about two round trips (under 1 s even between
   *       continents); geth uses the same bound, so a slot held by a silent or dead dialer is freed
   *       quickly without cutting off slow but honest peers.
   *   <li>connect 15 s: geth's dial timeout; SYN retries on a lossy path take several seconds.
   *   <li>ping 15 s (peer dropped after 30 s of silence): geth pings every 15 s and drops a peer
   *       whose frames stop for 30 s, so an honest peer always answers well within the bound.
   *   <li>linger 2 s: rlpx.md asks to wait about 2 s after Disconnect before closing.
   *   <li>frames up to the 24-bit maximum: the spec's own limit; the 16 MiB snappy cap applies after.
   *   <li>2 IO threads: the box has 2 cores; Keccak on the frame MAC is the per-byte cost.
   *   <li>50 connections in handshake: see {@link #DEFAULT_MAX_PENDING_CONNECTIONS}.
   *   <li>50 inbound sessions: see {@link #DEFAULT_MAX_INBOUND_SESSIONS}.
   * </ul>
   */
  public static RlpxConfig defaults() {
    return new RlpxConfig(
        "0.0.0.0",
        30303,
        "ethfollow/v0.1.0/java17",
        List.of(Capability.ETH68, Capability.ETH69),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(15),
        Duration.ofSeconds(2),
        FrameDecoder.MAX_FRAME_SIZE,
        2);
  }

  /**
   * Loopback tests: port 0, short linger; the handshake bound stays at 3 s because the first ECIES
   * operations of a cold JVM on a busy 2-core box can take several hundred milliseconds.
   */
  public static RlpxConfig forTests() {
    return new RlpxConfig(
        "127.0.0.1",
        0,
        "ethfollow-test",
        List.of(Capability.ETH68, Capability.ETH69),
        Duration.ofSeconds(3),
        Duration.ofSeconds(2),
        Duration.ofSeconds(15),
        Duration.ofMillis(50),
        FrameDecoder.MAX_FRAME_SIZE,
        1);
  }

  public RlpxConfig withCapabilities(List<Capability> caps) {
    return new RlpxConfig(host, port, clientId, caps, handshakeTimeout, connectTimeout, pingInterval, disconnectLinger, maxFrameSize, ioThreads, maxPendingConnections, maxInboundSessions);
  }

  public RlpxConfig withHandshakeTimeout(Duration d) {
    return new RlpxConfig(host, port, clientId, capabilities, d, connectTimeout, pingInterval, disconnectLinger, maxFrameSize, ioThreads, maxPendingConnections, maxInboundSessions);
  }

  public RlpxConfig withPingInterval(Duration d) {
    return new RlpxConfig(host, port, clientId, capabilities, handshakeTimeout, connectTimeout, d, disconnectLinger, maxFrameSize, ioThreads, maxPendingConnections, maxInboundSessions);
  }

  public RlpxConfig withMaxFrameSize(int size) {
    return new RlpxConfig(host, port, clientId, capabilities, handshakeTimeout, connectTimeout, pingInterval, disconnectLinger, size, ioThreads, maxPendingConnections, maxInboundSessions);
  }

  public RlpxConfig withMaxPendingConnections(int max) {
    return new RlpxConfig(host, port, clientId, capabilities, handshakeTimeout, connectTimeout, pingInterval, disconnectLinger, maxFrameSize, ioThreads, max, maxInboundSessions);
  }

  public RlpxConfig withMaxInboundSessions(int max) {
    return new RlpxConfig(host, port, clientId, capabilities, handshakeTimeout, connectTimeout, pingInterval, disconnectLinger, maxFrameSize, ioThreads, maxPendingConnections, max);
  }
}
