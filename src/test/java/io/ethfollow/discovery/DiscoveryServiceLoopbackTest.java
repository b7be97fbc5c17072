package io.ethfollow.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.ForkFilter;
import io.ethfollow.chain.ForkId;
import io.ethfollow.time.SystemScheduler;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real UDP sockets on 127.0.0.1, real time: nodes that start from one bootnode find each other. */
@Timeout(60)
class DiscoveryServiceLoopbackTest {
  private static final ForkId OUR_FORK = new ForkId(0x07c9462e, 0);
  private static final ForkId OTHER_CHAIN = new ForkId(0xdeadbeef, 0);

  private final List<AutoCloseable> resources = new ArrayList<>();

  private record Node(DiscoveryService service, Queue<DiscoveredNode> found, NodeKey key) {}

  private Node node(List<Enode> bootnodes, ForkId forkId, ForkIdCheck check, int tcpPort) {
    SystemScheduler scheduler = new SystemScheduler("discovery-test");
    NodeKey key = NodeKey.random();
    Queue<DiscoveredNode> found = new ConcurrentLinkedQueue<>();
    DiscoveryConfig cfg = DiscoveryConfig.forTests(bootnodes).withTcpPort(tcpPort).withForkId(forkId, check);
    DiscoveryService s = DiscoveryService.start(cfg, key, scheduler, found::add);
    resources.add(scheduler);
    resources.add(s);
    return new Node(s, found, key);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void shouldFindEveryNodeThroughOneBootnodeAndConvergeLookups() throws Exception {
    Node boot = node(List.of(), OUR_FORK, null, 30301);
    List<Node> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      others.add(node(List.of(boot.service().localEnode()), OUR_FORK, null, 30302 + i));
    }
    List<Node> all = new ArrayList<>(others);
    all.add(boot);
    await("every table to hold the 3 other nodes", Duration.ofSeconds(30),
        () -> all.stream().allMatch(n -> n.service().stats().tableSize() == 3));

    Node last = others.get(2);
    List<Enode> result = last.service().lookup(NodeKey.random().nodeId()).get(20, TimeUnit.SECONDS);
    List<String> expected = new ArrayList<>();
    for (Node n : all) {
      if (n != last) {
        expected.add(n.service().localEnode().toUrl());
      }
    }
    assertThat(result).extracting(Enode::toUrl).containsExactlyInAnyOrderElementsOf(expected);

    await("every node to deliver the other three with their fork id", Duration.ofSeconds(20),
        () -> all.stream().allMatch(n -> n.found().size() == 3));
    for (Node n : all) {
      assertThat(n.found()).allSatisfy(d -> assertThat(d.forkId()).contains(OUR_FORK));
      assertThat(n.found()).extracting(d -> d.enode().tcpPort()).doesNotContain(n.service().localEnode().tcpPort());
    }
  }

  @Test
  void shouldServeItsRecordWithTheEthForkIdOverEnrRequest() throws Exception {
    Node a = node(List.of(), OUR_FORK, null, 30311);
    Node b = node(List.of(), null, null, 30312);
    Optional<Enr> enr = b.service().requestRecord(a.service().localEnode()).get(20, TimeUnit.SECONDS);
    assertThat(enr).isPresent();
    assertThat(enr.get().nodeId()).isEqualTo(new NodeId(a.key().nodeId()));
    assertThat(enr.get().ethForkId()).contains(OUR_FORK);
    assertThat(enr.get().tcp()).hasValue(30311);
    assertThat(enr.get().udp()).hasValue(a.service().localAddress().getPort());
    assertThat(enr.get().ip()).contains(InetAddress.getLoopbackAddress());
    assertThat(enr.get()).isEqualTo(a.service().localRecord());
  }

  @Test
  void shouldNotDeliverANodeWhoseEnrForkIdBelongsToAnotherChain() throws Exception {
    ChainSpec mainnet = ChainSpec.named("mainnet");
    long headNumber = 23_000_000L;
    long headTime = 1_800_000_000L;
    ForkId current = mainnet.forkId(headNumber, headTime);
    ForkFilter filter = mainnet.forkFilter();
    ForkIdCheck check = ForkIdCheck.of(filter, () -> headNumber, () -> headTime);

    Node foreign = node(List.of(), OTHER_CHAIN, null, 30321);
    Node friend = node(List.of(), current, null, 30322);
    Node us = node(List.of(foreign.service().localEnode(), friend.service().localEnode()), current, check, 30323);

    await("the compatible node to be delivered and the foreign one filtered", Duration.ofSeconds(20),
        () -> us.found().size() == 1 && us.service().stats().filteredByForkId() == 1);
    assertThat(us.found()).extracting(d -> d.enode().toUrl()).containsExactly(friend.service().localEnode().toUrl());
    assertThat(us.found().peek().forkId()).contains(current);
    // the foreign node still routes: it stays in the table, it is just never offered for dialling
    assertThat(us.service().stats().tableSize()).isEqualTo(2);
  }

  @Test
  void shouldDropExpiredAndForgedPacketsButAnswerAValidPing() throws Exception {
    Node target = node(List.of(), null, null, 30331);
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(1500);
      NodeKey key = NodeKey.random();
      long nowSec = System.currentTimeMillis() / 1000;
      Endpoint from = new Endpoint(InetAddress.getLoopbackAddress(), socket.getLocalPort(), 0);
      Endpoint to = Endpoint.of(target.service().localAddress(), 30331);

      byte[] expired = PacketCodec.encode(new Packet.Ping(4, from, to, nowSec - 60, OptionalLong.empty()), key).datagram();
      byte[] forged = PacketCodec.encode(new Packet.Ping(4, from, to, nowSec + 20, OptionalLong.empty()), key).datagram();
      java.util.Arrays.fill(forged, 32, 97, (byte) 0); // a signature that recovers no key
      System.arraycopy(io.ethfollow.chain.Keccak.hash(forged, 32, forged.length - 32), 0, forged, 0, 32);
      byte[] badHash = PacketCodec.encode(new Packet.Ping(4, from, to, nowSec + 20, OptionalLong.empty()), key).datagram();
      badHash[0] ^= 1;
      byte[] oversized = new byte[1400];

      for (byte[] d : List.of(expired, forged, badHash, oversized)) {
        socket.send(new DatagramPacket(d, d.length, target.service().localAddress()));
        assertThat(receive(socket)).as("reply to a packet that must be dropped").isNull();
      }
      assertThat(target.service().stats().packetsAccepted()).isZero();

      PacketCodec.Encoded valid = PacketCodec.encode(new Packet.Ping(4, from, to, nowSec + 20, OptionalLong.empty()), key);
      socket.send(new DatagramPacket(valid.datagram(), valid.datagram().length, target.service().localAddress()));
      byte[] reply = receive(socket);
      assertThat(reply).isNotNull();
      DecodeResult r = PacketCodec.decode(reply, nowSec);
      assertThat(r).isInstanceOf(DecodeResult.Accepted.class);
      Packet.Pong pong = (Packet.Pong) ((DecodeResult.Accepted) r).packet();
      assertThat(pong.pingHash()).isEqualTo(valid.hash());
      assertThat(pong.to().udpPort()).isEqualTo(socket.getLocalPort());
    }
  }

  private static byte[] receive(DatagramSocket socket) throws java.io.IOException {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return java.util.Arrays.copyOf(buf, p.getLength());
  }
}
