package io.ethfollow.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named scenarios of {@code ethfollow simulate --scenario NAME}: each is the network of a scenario
 * test ({@code SimFollowScenariosTest}, {@code SimReorgAndCatchUpTest}, {@code SimFaultyPeersTest},
 * {@code SimOutageAndLongCatchUpTest}); {@code BuiltInScenariosTest} runs them and checks their figures.
 * Durations are virtual and chosen to run in a few wall seconds. Stateless.
 */
public final class BuiltInScenarios {
  private static final long BASE = ScenarioSpec.DEFAULT_START_HEIGHT;
  private static final long SLOT = 12_000;
  private static final Map<String, ScenarioSpec> ALL = new LinkedHashMap<>();

  static {
    add(follow("stale-peers", 3_600, List.of(new PeerGroup(20, "honest,lag:30-150"), new PeerGroup(2, "stale:400000")),
        List.of(), null));
    // The peers' Status head is 5 blocks old when they connect; our probes must find the real one.
    add(new ScenarioSpec("reprobe", ScenarioSpec.FOLLOW, BASE, SLOT, 240, 5, 5, List.of(),
        List.of(new PeerGroup(1, "honest")), null));
    add(follow("tip-backoff", 1_800, List.of(new PeerGroup(16, "announce,tip:1.0:6000"), new PeerGroup(4, "announce")),
        List.of(), null));
    // A follower back from a week offline: follow mode catches 50,000 blocks up in order, all peers busy.
    add(new ScenarioSpec("catch-up", ScenarioSpec.FOLLOW, BASE, SLOT, 300, 50_000, 0, List.of(),
        List.of(new PeerGroup(10, "honest,lag:40-200")), null));
    // A fresh data dir 20,000 blocks behind: fast sync (agreed target, headers linked backward, blocks
    // written out of order), then follow.
    add(new ScenarioSpec("fast-sync", ScenarioSpec.FAST_THEN_FOLLOW, BASE, SLOT, 300, 20_000, 0, List.of(),
        List.of(new PeerGroup(10, "honest,lag:40-200")), null));
    add(follow("reorgs", 1_800, List.of(new PeerGroup(5, "honest")),
        List.of(new ReorgEvent(600, 1), new ReorgEvent(1_200, 7)), null));
    // SimFaultyPeersTest's network: an honest majority and one peer of every fault.
    add(follow("faulty-peers", 1_800,
        List.of(new PeerGroup(10, "honest,lag:30-150"), new PeerGroup(1, "silent"), new PeerGroup(1, "slow:1"),
            new PeerGroup(1, "empty:1"), new PeerGroup(1, "short:1"), new PeerGroup(1, "shifted:1"),
            new PeerGroup(1, "invalid:1:bodies"), new PeerGroup(1, "invalid:1:receipts"),
            new PeerGroup(1, "disconnect:0.3"), new PeerGroup(1, "flapping")),
        List.of(), null));
    // Every peer gone for 10 virtual minutes, then back: no spin meanwhile, then a catch-up without holes.
    add(follow("outage", 1_800, List.of(new PeerGroup(10, "honest,lag:30-150")), List.of(), new Outage(300, 600)));
  }

  private BuiltInScenarios() {}

  private static ScenarioSpec follow(String name, long seconds, List<PeerGroup> peers, List<ReorgEvent> reorgs,
      Outage outage) {
    return new ScenarioSpec(name, ScenarioSpec.FOLLOW, BASE, SLOT, seconds, 0, 0, reorgs, peers, outage);
  }

  private static void add(ScenarioSpec spec) {
    ALL.put(spec.name(), spec);
  }

  public static Optional<ScenarioSpec> named(String name) {
    return Optional.ofNullable(ALL.get(name));
  }

  public static List<String> names() {
    return List.copyOf(ALL.keySet());
  }
}
