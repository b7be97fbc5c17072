package io.ethfollow.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.Keccak;
import io.ethfollow.wire.NodeKey;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NodeTableTest {
  private static final SplittableRandom RANDOM = new SplittableRandom(42);

  private static NodeId randomId() {
    byte[] b = new byte[64];
    RANDOM.nextBytes(b);
    return new NodeId(b);
  }

  private static KnownNode record(NodeId id, int port) {
    return new KnownNode(id, new InetSocketAddress("127.0.0.1", port), port);
  }

  @Test
  void shouldMeasureLogDistanceByTheHighestDifferingBit() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    assertThat(Distance.log(a, b)).isZero();
    b[31] = 1;
    assertThat(Distance.log(a, b)).isEqualTo(1);
    b[31] = (byte) 0x80;
    assertThat(Distance.log(a, b)).isEqualTo(8);
    b[0] = (byte) 0x80;
    assertThat(Distance.log(a, b)).isEqualTo(256);
    b[0] = 0x01;
    assertThat(Distance.log(a, b)).isEqualTo(249);
  }

  @Test
  void shouldOrderByXorDistanceToTheTarget() {
    byte[] target = new byte[32];
    byte[] near = new byte[32];
    byte[] far = new byte[32];
    near[31] = 5;
    far[30] = 1;
    assertThat(Distance.compare(target, near, far)).isNegative();
    assertThat(Distance.compare(target, far, near)).isPositive();
    assertThat(Distance.compare(target, near, near)).isZero();
  }

  @Test
  void shouldPlaceNodesInTheBucketOfTheirLogDistanceAndNeverAddSelf() {
    NodeId self = randomId();
    NodeTable table = new NodeTable(self);
    assertThat(table.add(record(self, 1), 0)).isEqualTo(NodeTable.AddResult.SELF);
    NodeId other = randomId();
    assertThat(table.add(record(other, 2), 0)).isEqualTo(NodeTable.AddResult.ADDED);
    int d = Distance.log(Keccak.hash(self.bytes()), Keccak.hash(other.bytes()));
    assertThat(table.distanceTo(other)).isEqualTo(d);
    assertThat(table.bucketSize(d)).isEqualTo(1);
    assertThat(table.add(record(other, 3), 5)).isEqualTo(NodeTable.AddResult.UPDATED);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.get(other).orElseThrow().node.udp().getPort()).isEqualTo(3);
  }

  @Test
  void shouldKeepSixteenPerBucketAndQueueTheRestAsBoundedReplacements() {
    NodeId self = randomId();
    NodeTable table = new NodeTable(self);
    // random ids fall at distance 256 half of the time: fill that bucket
    List<NodeId> far = new ArrayList<>();
    while (far.size() < NodeTable.BUCKET_SIZE + NodeTable.MAX_REPLACEMENTS + 5) {
      NodeId id = randomId();
      if (table.distanceTo(id) == 256) {
        far.add(id);
      }
    }
    int port = 1000;
    for (NodeId id : far) {
      table.add(record(id, port++), 0);
    }
    assertThat(table.bucketSize(256)).isEqualTo(NodeTable.BUCKET_SIZE);
    assertThat(table.replacementCount(256)).isEqualTo(NodeTable.MAX_REPLACEMENTS);
    // removing a dead entry promotes the most recent replacement
    NodeId newestReplacement = far.get(far.size() - 1);
    assertThat(table.remove(far.get(0), 10)).map(KnownNode::id).contains(newestReplacement);
    assertThat(table.bucketSize(256)).isEqualTo(NodeTable.BUCKET_SIZE);
    assertThat(table.contains(newestReplacement)).isTrue();
    assertThat(table.contains(far.get(0))).isFalse();
  }

  @Test
  void shouldReturnTheClosestNodesToATargetInDistanceOrder() {
    NodeTable table = new NodeTable(randomId());
    List<NodeId> ids = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      NodeId id = randomId();
      ids.add(id);
      table.add(record(id, 2000 + i), 0);
    }
    NodeId target = randomId();
    List<KnownNode> closest = table.closest(target.hash(), NodeTable.BUCKET_SIZE);
    assertThat(closest).hasSizeLessThanOrEqualTo(NodeTable.BUCKET_SIZE).isNotEmpty();
    for (int i = 1; i < closest.size(); i++) {
      assertThat(Distance.compare(target.hash(), closest.get(i - 1).id().hash(), closest.get(i).id().hash()))
          .isNegative();
    }
    // nothing left out of the table is closer than the farthest returned
    byte[] farthest = closest.get(closest.size() - 1).id().hash();
    for (KnownNode n : table.all()) {
      if (!closest.contains(n)) {
        assertThat(Distance.compare(target.hash(), n.id().hash(), farthest)).isPositive();
      }
    }
  }

  @Test
  void shouldPickTheLeastRecentlyValidatedEntryForRevalidation() {
    NodeTable table = new NodeTable(randomId());
    NodeId first = randomId();
    table.add(record(first, 1), 0);
    assertThat(table.pickForRevalidation(RANDOM)).map(TableEntry::id).contains(first);
    assertThat(new NodeTable(randomId()).pickForRevalidation(RANDOM)).isEmpty();
  }

  @Test
  void shouldDoubleTheBootstrapBackoffUpToFiveMinutesAndResetOnAnswer() {
    Backoff b = new Backoff();
    List<Long> secs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      secs.add(b.next().toSeconds());
    }
    assertThat(secs).containsExactly(2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L);
    b.reset();
    assertThat(b.next().toSeconds()).isEqualTo(2);
  }

  @Test
  void shouldRejectRelayedLoopbackAndPrivateAddressesFromPublicNodes() throws Exception {
    NodeId id = new NodeId(NodeKey.random().nodeId());
    InetSocketAddress publicRelay = new InetSocketAddress("8.8.8.8", 30303);
    InetSocketAddress loopRelay = new InetSocketAddress("127.0.0.1", 30303);
    Neighbor loop = new Neighbor(new Endpoint(java.net.InetAddress.getByName("127.0.0.1"), 1, 1), id);
    Neighbor lan = new Neighbor(new Endpoint(java.net.InetAddress.getByName("192.168.1.2"), 1, 1), id);
    Neighbor pub = new Neighbor(new Endpoint(java.net.InetAddress.getByName("1.2.3.4"), 1, 1), id);
    Neighbor zeroPort = new Neighbor(new Endpoint(java.net.InetAddress.getByName("1.2.3.4"), 0, 1), id);
    assertThat(DiscoveryProtocol.plausible(loop, publicRelay)).isFalse();
    assertThat(DiscoveryProtocol.plausible(lan, publicRelay)).isFalse();
    assertThat(DiscoveryProtocol.plausible(pub, publicRelay)).isTrue();
    assertThat(DiscoveryProtocol.plausible(zeroPort, publicRelay)).isFalse();
    assertThat(DiscoveryProtocol.plausible(loop, loopRelay)).isTrue();
    assertThat(DiscoveryProtocol.plausible(lan, loopRelay)).isTrue();
  }
}
