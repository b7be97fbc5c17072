package io.ethfollow.discovery;

import io.ethfollow.chain.ForkFilter;
import io.ethfollow.chain.ForkId;
import io.ethfollow.chain.Keccak;
import io.ethfollow.time.Scheduler;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discv4 protocol state machine: routing table, endpoint proofs, pending replies, lookups,
 * revalidation, bootstrap backoff and node delivery. It does no IO of its own: verified packets come
 * in through {@link #onPacket}, datagrams go out through a {@link Transport}, and every wait is a
 * {@link Scheduler} timer. Every method runs on the scheduler's thread (the only owner of all state
 * here); Netty's thread only decodes and hands packets over.
 */
final class DiscoveryProtocol {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryProtocol.class);

  /**
   * Lifetime of packets we send. 20 s (as geth) tolerates that much clock skew between nodes while
   * keeping replay windows short.
   */
  static final Duration EXPIRATION = Duration.ofSeconds(20);

  /**
   * Wait for a ping, findnode or ENR reply. 1 s covers the slowest intercontinental round trips
   * (~300 ms) with margin; a lookup step never waits longer, whatever the remote does.
   */
  static final Duration REPLY_TIMEOUT = DiscoveryConfig.REPLY_TIMEOUT;

  /**
   * After a first pong, time we give the remote to ping us back and take our pong: only then will
   * it answer our FindNode (its own endpoint proof of us). One reply timeout, as geth waits.
   */
  static final Duration BOND_SETTLE = REPLY_TIMEOUT;

  /**
   * Random lookup period while the table has nodes. One lookup costs at most a few dozen small
   * packets; every 30 s (geth refreshes every 30 min but also runs lookups for its dialer) keeps a
   * steady trickle of fresh candidates for the peer pool.
   */
  static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);

  /**
   * Liveness check period: one ping to the stalest node of a random bucket every 10 s (as geth), so
   * a table of ~100 nodes is rechecked every ~15 min for 0.1 packet/s.
   */
  static final Duration REVALIDATE_INTERVAL = Duration.ofSeconds(10);

  /** Unanswered FindNode requests in a row after which a table node is removed (as geth). */
  static final int MAX_FIND_FAILURES = 5;

  /** Node ids remembered as delivered, so each reaches the pool once; LRU, ~100 bytes each. */
  static final int MAX_DELIVERED = 10_000;

  /** Sends a datagram; must not block (Netty queues the write). */
  @FunctionalInterface
  interface Transport {
    void send(InetSocketAddress to, byte[] datagram);
  }

  private final NodeKey key;
  private final NodeId self;
  private final DiscoveryConfig config;
  private final Scheduler scheduler;
  private final Transport transport;
  private final NodeSink sink;
  private final Endpoint ourEndpoint;
  private final Enr localRecord;
  private final NodeTable table;
  private final Bonds bonds = new Bonds();
  private final PendingReplies pending;
  private final Backoff backoff = new Backoff();
  private final SilenceReporter reporter = new SilenceReporter();
  private final SplittableRandom random;
  private final Map<NodeId, List<Consumer<Boolean>>> pingsInFlight = new HashMap<>();
  private final Map<NodeId, Long> settled = new HashMap<>();
  private final List<Lookup> lookups = new ArrayList<>();
  private final Map<NodeId, Boolean> delivered =
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, Boolean> eldest) {
          return size() > MAX_DELIVERED;
        }
      };

  private Scheduler.Cancellable refreshTimer;
  private Scheduler.Cancellable revalidateTimer;
  private Scheduler.Cancellable reportTimer;
  private volatile boolean stopped;
  private volatile DiscoveryStats stats = DiscoveryStats.EMPTY;
  private long bootstrapAttempts;
  private long lookupsCompleted;
  private long packetsAccepted;
  private long unsolicited;
  private long filteredByForkId;
  private long deliveredCount;

  DiscoveryProtocol(
      NodeKey key, DiscoveryConfig config, int boundUdpPort, Scheduler scheduler, Transport transport, NodeSink sink) {
    this.key = key;
    this.self = new NodeId(key.nodeId());
    this.config = config;
    this.scheduler = scheduler;
    this.transport = transport;
    this.sink = sink;
    InetAddress ip = config.advertisedIp().orElse(config.bind().getAddress());
    this.ourEndpoint = new Endpoint(ip, boundUdpPort, config.tcpPort());
    this.localRecord =
        Enr.create(key, 1, config.advertisedIp().orElse(null), config.tcpPort(), boundUdpPort, config.localForkId().orElse(null));
    this.table = new NodeTable(self);
    this.pending = new PendingReplies(scheduler);
    this.random = new SplittableRandom(java.util.Arrays.hashCode(key.nodeId()));
  }

  Enr localRecord() {
    return localRecord;
  }

  NodeId self() {
    return self;
  }

  DiscoveryStats stats() {
    return stats;
  }

  // ---- lifecycle (scheduler thread) ----

  void start() {
    refresh();
    reportTimer = scheduler.schedule(SilenceReporter.INTERVAL, this::report);
  }

  /** Any thread: from now on every handler and timer returns at once. */
  void markStopped() {
    stopped = true;
  }

  void stop() {
    stopped = true;
    cancel(refreshTimer);
    cancel(revalidateTimer);
    cancel(reportTimer);
    pending.clear();
    lookups.clear();
  }

  private static void cancel(Scheduler.Cancellable c) {
    if (c != null) {
      c.cancel();
    }
  }

  private long now() {
    return scheduler.nowMillis();
  }

  private long expiration() {
    return now() / 1000 + EXPIRATION.toSeconds();
  }

  private void report() {
    if (stopped) {
      return;
    }
    reporter.report(table.size());
    reportTimer = scheduler.schedule(SilenceReporter.INTERVAL, this::report);
    publish();
  }

  /** Either a bootstrap round (table empty, with backoff) or a random lookup (table has nodes). */
  private void refresh() {
    if (stopped) {
      return;
    }
    Duration next;
    if (table.isEmpty()) {
      bootstrapAttempts++;
      reporter.attemptMade();
      for (Enode boot : config.bootnodes()) {
        KnownNode r = new KnownNode(new NodeId(boot.nodeId()), new InetSocketAddress(boot.address(), boot.udpPort()), boot.tcpPort());
        if (!r.id().equals(self)) {
          ping(r, ok -> {
            if (ok) {
              onBonded(r);
            }
          });
        }
      }
      next = backoff.next();
    } else {
      backoff.reset();
      if (lookups.isEmpty()) {
        byte[] target = new byte[NodeKey.ID_SIZE];
        random.nextBytes(target);
        lookup(target, result -> {});
      }
      next = REFRESH_INTERVAL;
    }
    refreshTimer = scheduler.schedule(next, this::refresh);
    publish();
  }

  // ---- incoming (scheduler thread) ----

  void onPacket(DecodeResult.Accepted accepted, InetSocketAddress from) {
    if (stopped || accepted.sender().equals(self)) {
      return;
    }
    packetsAccepted++;
    NodeId sender = accepted.sender();
    Packet p = accepted.packet();
    long now = now();
    if (p instanceof Packet.Ping ping) {
      send(from, new Packet.Pong(Endpoint.of(from, ping.from().tcpPort()), accepted.hash(), expiration(), OptionalLong.of(localRecord.seq())));
      bonds.pingReceived(sender, from, now);
      if (!bonds.isBonded(sender, from, now)) {
        KnownNode r = new KnownNode(sender, from, ping.from().tcpPort());
        ping(r, ok -> {
          if (ok) {
            onBonded(r);
          }
        });
      }
    } else if (p instanceof Packet.FindNode find) {
      if (bonds.isBonded(sender, from, now)) {
        answerFindNode(from, find);
      } else {
        unsolicited++;
      }
    } else if (p instanceof Packet.EnrRequest) {
      if (bonds.isBonded(sender, from, now)) {
        send(from, new Packet.EnrResponse(accepted.hash(), localRecord));
      } else {
        unsolicited++;
      }
    } else if (!pending.dispatch(sender, p)) {
      unsolicited++;
    }
    publish();
  }

  void onRejected(Rejection reason) {
    if (!stopped) {
      reporter.dropped(reason);
    }
  }

  private void answerFindNode(InetSocketAddress to, Packet.FindNode find) {
    List<KnownNode> closest = table.closest(Keccak.hash(find.target()), NodeTable.BUCKET_SIZE);
    List<Neighbor> chunk = new ArrayList<>();
    for (KnownNode n : closest) {
      chunk.add(new Neighbor(new Endpoint(n.udp().getAddress(), n.udp().getPort(), n.tcpPort()), n.id()));
      if (chunk.size() == Packet.Neighbors.MAX_PER_PACKET) {
        send(to, new Packet.Neighbors(chunk, expiration()));
        chunk.clear();
      }
    }
    if (!chunk.isEmpty() || closest.isEmpty()) {
      send(to, new Packet.Neighbors(chunk, expiration()));
    }
  }

  // ---- outgoing requests (scheduler thread) ----

  private byte[] send(InetSocketAddress to, Packet packet) {
    PacketCodec.Encoded enc = PacketCodec.encode(packet, key);
    transport.send(to, enc.datagram());
    return enc.hash();
  }

  /** Pings a node and reports whether it answered; concurrent pings to one node share one packet. */
  private void ping(KnownNode node, Consumer<Boolean> done) {
    List<Consumer<Boolean>> waiting = pingsInFlight.get(node.id());
    if (waiting != null) {
      waiting.add(done);
      return;
    }
    List<Consumer<Boolean>> callbacks = new ArrayList<>();
    callbacks.add(done);
    pingsInFlight.put(node.id(), callbacks);
    byte[] hash =
        send(node.udp(), new Packet.Ping(Packet.Ping.VERSION, ourEndpoint, Endpoint.of(node.udp(), node.tcpPort()), expiration(), OptionalLong.of(localRecord.seq())));
    pending.expect(
        node.id(),
        PacketType.PONG,
        REPLY_TIMEOUT,
        packet -> {
          if (!java.util.Arrays.equals(((Packet.Pong) packet).pingHash(), hash)) {
            return false;
          }
          bonds.pongReceived(node.id(), node.udp(), now());
          reporter.answerReceived();
          finishPing(node.id(), true);
          return true;
        },
        () -> finishPing(node.id(), false));
  }

  private void finishPing(NodeId id, boolean ok) {
    List<Consumer<Boolean>> callbacks = pingsInFlight.remove(id);
    if (callbacks != null && !stopped) {
      callbacks.forEach(c -> c.accept(ok));
    }
  }

  /**
   * Runs {@code then(true)} once the node holds an endpoint proof of us, so it will answer FindNode:
   * it answered our ping and either pinged us too or had {@link #BOND_SETTLE} to do so.
   */
  private void ensureBond(KnownNode node, Consumer<Boolean> then) {
    if (bonds.isBonded(node.id(), node.udp(), now())) {
      afterPong(node, then);
      return;
    }
    ping(node, ok -> {
      if (!ok) {
        then.accept(false);
        return;
      }
      onBonded(node);
      afterPong(node, then);
    });
  }

  private void afterPong(KnownNode node, Consumer<Boolean> then) {
    Long settledAt = settled.get(node.id());
    boolean settledRecently = settledAt != null && now() - settledAt < Bonds.BOND_EXPIRY.toMillis();
    if (bonds.pingedUs(node.id(), node.udp(), now()) || settledRecently) {
      then.accept(true);
      return;
    }
    scheduler.schedule(BOND_SETTLE, () -> {
      if (!stopped) {
        if (settled.size() >= Bonds.MAX_NODES) {
          settled.clear(); // bounded; losing it only costs one more settle wait per node
        }
        settled.put(node.id(), now());
        then.accept(true);
      }
    });
  }

  /** FindNode to {@code node}; {@code reply} gets the nodes, or null when the node did not answer. */
  private void findNode(KnownNode node, byte[] target, Consumer<List<KnownNode>> reply) {
    ensureBond(node, ok -> {
      if (!ok) {
        findNodeFailed(node);
        reply.accept(null);
        return;
      }
      List<KnownNode> collected = new ArrayList<>();
      send(node.udp(), new Packet.FindNode(target, expiration()));
      pending.expect(
          node.id(),
          PacketType.NEIGHBORS,
          REPLY_TIMEOUT,
          packet -> {
            Packet.Neighbors n = (Packet.Neighbors) packet;
            for (Neighbor nb : n.nodes()) {
              if (plausible(nb, node.udp())) {
                collected.add(KnownNode.of(nb));
              }
            }
            // the answer is complete at k nodes or with a packet that is not full
            boolean complete =
                collected.size() >= NodeTable.BUCKET_SIZE || n.nodes().size() < Packet.Neighbors.MAX_PER_PACKET;
            if (complete) {
              reporter.answerReceived();
              table.get(node.id()).ifPresent(e -> e.findNodeFailures = 0);
              reply.accept(collected);
            }
            return complete;
          },
          () -> {
            if (collected.isEmpty()) {
              findNodeFailed(node);
              reply.accept(null);
            } else {
              reply.accept(collected);
            }
          });
    });
  }

  private void findNodeFailed(KnownNode node) {
    table.get(node.id()).ifPresent(e -> {
      if (++e.findNodeFailures >= MAX_FIND_FAILURES) {
        table.remove(node.id(), now());
      }
    });
  }

  /**
   * Rejects neighbors that cannot be real: unspecified or multicast addresses, port 0, and loopback
   * or private addresses relayed by a node that is itself not on such a network (a public node
   * cannot know a reachable LAN address of someone else).
   */
  static boolean plausible(Neighbor n, InetSocketAddress relayedBy) {
    InetAddress ip = n.endpoint().ip();
    if (ip.isAnyLocalAddress() || ip.isMulticastAddress() || n.endpoint().udpPort() == 0) {
      return false;
    }
    InetAddress relay = relayedBy.getAddress();
    if (ip.isLoopbackAddress() && !relay.isLoopbackAddress()) {
      return false;
    }
    boolean lan = ip.isSiteLocalAddress() || ip.isLinkLocalAddress();
    return !lan || relay.isLoopbackAddress() || relay.isSiteLocalAddress() || relay.isLinkLocalAddress();
  }

  // ---- table maintenance ----

  private void onBonded(KnownNode node) {
    if (stopped) {
      return;
    }
    boolean wasEmpty = table.isEmpty();
    NodeTable.AddResult r = table.add(node, now());
    if (r == NodeTable.AddResult.SELF) {
      return;
    }
    if (revalidateTimer == null) {
      revalidateTimer = scheduler.schedule(REVALIDATE_INTERVAL, this::revalidate);
    }
    if (wasEmpty && !table.isEmpty() && lookups.isEmpty()) {
      backoff.reset();
      lookup(self.bytes(), result -> {}); // the first bond: fill the table around ourselves
    }
    deliverOnce(node);
    publish();
  }

  private void revalidate() {
    revalidateTimer = null;
    if (stopped) {
      return;
    }
    table.pickForRevalidation(random).ifPresent(e -> {
      KnownNode node = e.node;
      ping(node, ok -> {
        if (ok) {
          table.add(node, now());
        } else {
          table.remove(node.id(), now()).ifPresent(this::deliverOnce);
        }
        publish();
      });
    });
    if (!table.isEmpty()) {
      revalidateTimer = scheduler.schedule(REVALIDATE_INTERVAL, this::revalidate);
    }
  }

  // ---- lookups ----

  /** Starts an iterative lookup for {@code target} (a 64-byte id); {@code done} gets the k closest. */
  void lookup(byte[] target, Consumer<List<KnownNode>> done) {
    if (stopped) {
      done.accept(List.of());
      return;
    }
    List<KnownNode> seeds = table.closest(Keccak.hash(target), NodeTable.BUCKET_SIZE);
    Lookup l =
        new Lookup(self, target, seeds, this::findNode, (finished, result) -> {
          lookups.remove(finished);
          lookupsCompleted++;
          LOG.atDebug().addKeyValue("event", "lookup_done").addKeyValue("queries", finished.queries())
              .addKeyValue("found", result.size()).log("lookup finished");
          publish();
          done.accept(result);
        });
    lookups.add(l);
    l.start();
  }

  // ---- ENR and delivery ----

  /** Sends ENRRequest to a bonded node; {@code done} gets its verified record or null. */
  void requestRecord(KnownNode node, Consumer<Enr> done) {
    ensureBond(node, ok -> {
      if (!ok) {
        done.accept(null);
        return;
      }
      byte[] hash = send(node.udp(), new Packet.EnrRequest(expiration()));
      pending.expect(
          node.id(),
          PacketType.ENR_RESPONSE,
          REPLY_TIMEOUT,
          packet -> {
            Packet.EnrResponse r = (Packet.EnrResponse) packet;
            if (!java.util.Arrays.equals(r.requestHash(), hash)) {
              return false;
            }
            done.accept(r.record().nodeId().equals(node.id()) ? r.record() : null);
            return true;
          },
          () -> done.accept(null));
    });
  }

  private void deliverOnce(KnownNode node) {
    if (delivered.containsKey(node.id())) {
      return;
    }
    delivered.put(node.id(), Boolean.TRUE);
    requestRecord(node, enr -> {
      if (stopped) {
        return;
      }
      Optional<ForkId> fork = enr == null ? Optional.empty() : enr.ethForkId();
      if (config.forkIdCheck().isPresent()) {
        if (fork.isPresent()) {
          ForkFilter.Verdict v = config.forkIdCheck().get().check(fork.get());
          if (!v.accepted()) {
            filteredByForkId++;
            LOG.atDebug().addKeyValue("event", "node_filtered").addKeyValue("node", node.id().shortHex())
                .addKeyValue("forkId", fork.get()).log("node filtered by fork id: {}", v.reason());
            publish();
            return;
          }
        } else if (config.requireEthEntry()) {
          filteredByForkId++;
          publish();
          return;
        }
      }
      int tcp = enr != null && enr.tcp().isPresent() ? enr.tcp().getAsInt() : node.tcpPort();
      if (tcp == 0) {
        return; // discovery-only node: nothing to dial
      }
      deliveredCount++;
      publish();
      try {
        sink.onNodeFound(new DiscoveredNode(new Enode(node.id().bytes(), node.udp().getAddress(), tcp, node.udp().getPort()), fork));
      } catch (RuntimeException e) {
        LOG.atWarn().addKeyValue("event", "node_sink_failed").setCause(e).log("node sink threw; node dropped");
      }
    });
  }

  private void publish() {
    stats =
        new DiscoveryStats(
            table.size(), bootstrapAttempts, lookupsCompleted, packetsAccepted, unsolicited, filteredByForkId,
            deliveredCount, reporter.linesLogged());
  }

  // test hooks (scheduler thread)
  NodeTable table() {
    return table;
  }
}
