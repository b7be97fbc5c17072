package io.ethfollow.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.Keccak;
import io.ethfollow.time.ManualScheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The lookup state machine against a simulated network in virtual time. */
class LookupTest {
  private final SplittableRandom random = new SplittableRandom(7);
  private final ManualScheduler scheduler = new ManualScheduler();

  private KnownNode randomNode(int port) {
    byte[] b = new byte[64];
    random.nextBytes(b);
    return new KnownNode(new NodeId(b), new InetSocketAddress("127.0.0.1", port), port);
  }

  private static List<KnownNode> closestTo(byte[] targetHash, List<KnownNode> nodes, int n) {
    List<KnownNode> sorted = new ArrayList<>(nodes);
    sorted.sort(Comparator.comparing(r -> r.id().hash(), (a, b) -> Distance.compare(targetHash, a, b)));
    return sorted.subList(0, Math.min(n, sorted.size()));
  }

  @Test
  void shouldConvergeOnTheKClosestLiveNodesWhenSomeNodesNeverAnswer() {
    List<KnownNode> network = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      network.add(randomNode(1000 + i));
    }
    byte[] target = new byte[64];
    random.nextBytes(target);
    byte[] targetHash = Keccak.hash(target);
    // the three nodes closest to the target are silent: each costs one slot, then one timeout
    Set<NodeId> silent = new HashSet<>();
    for (KnownNode n : closestTo(targetHash, network, 3)) {
      silent.add(n.id());
    }
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    Lookup.Query query =
        (node, t, reply) -> {
          maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          if (silent.contains(node.id())) {
            scheduler.schedule(DiscoveryProtocol.REPLY_TIMEOUT, () -> {
              inFlight.decrementAndGet();
              reply.accept(null);
            });
          } else {
            // every node knows the 16 nodes closest to the target in its own neighbourhood sample
            List<KnownNode> known = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
              known.add(network.get(random.nextInt(network.size())));
            }
            List<KnownNode> answer = closestTo(Keccak.hash(t), known, NodeTable.BUCKET_SIZE);
            scheduler.schedule(Duration.ofMillis(20), () -> {
              inFlight.decrementAndGet();
              reply.accept(answer);
            });
          }
        };
    KnownNode selfNode = randomNode(1);
    AtomicReference<List<KnownNode>> result = new AtomicReference<>();
    Lookup lookup = new Lookup(selfNode.id(), target, network.subList(0, 5), query, (l, r) -> result.set(r));
    lookup.start();
    scheduler.advance(Duration.ofSeconds(30));

    assertThat(lookup.isDone()).isTrue();
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(Lookup.ALPHA);
    List<KnownNode> live = new ArrayList<>();
    for (KnownNode n : network) {
      if (!silent.contains(n.id())) {
        live.add(n);
      }
    }
    assertThat(result.get()).hasSize(NodeTable.BUCKET_SIZE);
    assertThat(result.get()).extracting(KnownNode::id).doesNotContainAnyElementsOf(silent);
    // converged: the answer holds most of the true k closest live nodes
    List<KnownNode> best = closestTo(targetHash, live, NodeTable.BUCKET_SIZE);
    long hits = result.get().stream().filter(best::contains).count();
    assertThat(hits).isGreaterThanOrEqualTo(12);
    assertThat(result.get().get(0)).isEqualTo(best.get(0));
  }

  @Test
  void shouldFinishAtOnceWithNothingWhenThereAreNoSeeds() {
    AtomicReference<List<KnownNode>> result = new AtomicReference<>();
    Lookup lookup = new Lookup(randomNode(1).id(), new byte[64], List.of(), (n, t, r) -> {}, (l, r) -> result.set(r));
    lookup.start();
    assertThat(lookup.isDone()).isTrue();
    assertThat(result.get()).isEmpty();
  }

  @Test
  void shouldFinishWithAnEmptyResultWhenEverySeedTimesOut() {
    AtomicReference<List<KnownNode>> result = new AtomicReference<>();
    List<KnownNode> seeds = List.of(randomNode(2), randomNode(3), randomNode(4), randomNode(5));
    Lookup lookup =
        new Lookup(randomNode(1).id(), new byte[64], seeds,
            (n, t, r) -> scheduler.schedule(DiscoveryProtocol.REPLY_TIMEOUT, () -> r.accept(null)),
            (l, r) -> result.set(r));
    lookup.start();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(lookup.isDone()).isFalse(); // the fourth seed is asked only when a slot frees up
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(lookup.isDone()).isTrue();
    assertThat(result.get()).isEmpty();
    assertThat(lookup.queries()).isEqualTo(4);
  }
}
