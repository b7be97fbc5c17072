package io.ethfollow.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Scenario JSON parsing: defaults, every key, and one-line errors naming the key. */
class SimScenarioSpecTest {
  @Test
  void parsesEveryKey() {
    ScenarioSpec s = ScenarioSpec.parse("""
        {"name": "x", "mode": "fast-then-follow",
         "chain": {"startHeight": 500, "slotMs": 6000, "duration": 60, "behind": 40, "statusBehind": 2,
                   "reorgs": [{"at": 30, "depth": 3}]},
         "peers": [{"count": 3, "behaviour": "lag:10-20,flapping"}],
         "outage": {"at": 10, "seconds": 20}}
        """, "f.json");
    assertThat(s.name()).isEqualTo("x");
    assertThat(s.slotMillis()).isEqualTo(6000);
    assertThat(s.reorgs()).containsExactly(new ReorgEvent(30, 3));
    assertThat(s.peers()).containsExactly(new PeerGroup(3, "lag:10-20,flapping"));
    assertThat(s.outage()).isEqualTo(new Outage(10, 20));
    assertThat(s.chainBlocks()).isEqualTo(40 + 10 + 10);
  }

  @Test
  void defaultsToFollowAtTheTip() {
    ScenarioSpec s = ScenarioSpec.parse("{\"peers\": [{\"count\": 1}]}", "f.json");
    assertThat(s.mode()).isEqualTo(ScenarioSpec.FOLLOW);
    assertThat(s.behindBlocks()).isZero();
    assertThat(s.peers().get(0).behaviour()).isEqualTo("honest");
    assertThat(s.name()).isEqualTo("f.json");
  }

  @Test
  void errorsNameTheKey() {
    assertThatThrownBy(() -> ScenarioSpec.parse("{\"peers\": []}", "f")).hasMessageStartingWith("peers:");
    assertThatThrownBy(() -> ScenarioSpec.parse("{\"mode\": \"fast\", \"peers\": [{\"count\": 1}]}", "f"))
        .hasMessageStartingWith("mode:");
    assertThatThrownBy(() -> ScenarioSpec.parse("{\"chain\": {\"slotMs\": \"12s\"}, \"peers\": [{\"count\": 1}]}", "f"))
        .hasMessageStartingWith("chain.slotMs:");
    assertThatThrownBy(() -> ScenarioSpec.parse("{\"chain\": {\"reorgs\": [{\"at\": 5}]}, \"peers\": [{\"count\": 1}]}",
        "f")).hasMessageStartingWith("chain.reorgs[0].depth: missing");
    assertThatThrownBy(() -> ScenarioSpec.parse("{\"peerz\": 1}", "f")).hasMessageStartingWith("peerz: unknown key");
    assertThatThrownBy(() -> ScenarioSpec.parse("{", "f")).hasMessageStartingWith("f: not valid JSON");
    assertThat(BuiltInScenarios.names()).containsExactly("stale-peers", "reprobe", "tip-backoff", "catch-up", "fast-sync",
        "reorgs", "faulty-peers", "outage");
  }

  @Test
  void behaviourTermsParse() {
    SimBehaviour b = SimBehaviour.parse("silent,slow:0.5,short:0.25,shifted:1,invalid:0.1:bodies+receipts,"
        + "disconnect:0.3,flapping:4,lag:10-20");
    assertThat(b.timeoutRate()).isEqualTo(1.0);
    assertThat(b.slowRate()).isEqualTo(0.5);
    assertThat(b.shortRate()).isEqualTo(0.25);
    assertThat(b.shiftedRate()).isEqualTo(1.0);
    assertThat(b.invalidRate()).isEqualTo(0.1);
    assertThat(b.corrupts(SimBehaviour.BODIES)).isTrue();
    assertThat(b.corrupts(SimBehaviour.RECEIPTS)).isTrue();
    assertThat(b.corrupts(SimBehaviour.HEADERS)).isFalse();
    assertThat(b.disconnectRate()).isEqualTo(0.3);
    assertThat(b.flapBlocks()).isEqualTo(4);
    assertThat(SimBehaviour.parse("invalid:0.2").corrupts(SimBehaviour.HEADERS)).isTrue();
    assertThat(SimBehaviour.parse("invalid:0.2:all").invalidParts())
        .isEqualTo(SimBehaviour.HEADERS | SimBehaviour.BODIES | SimBehaviour.RECEIPTS);
    assertThat(SimBehaviour.parse("flapping").flapBlocks()).isEqualTo(SimBehaviour.DEFAULT_FLAP_BLOCKS);
    assertThat(SimBehaviour.parse("flapping").disconnectRate()).isZero(); // flapping is the head, not the session
    assertThatThrownBy(() -> SimBehaviour.parse("invalid:0.1:uncles")).hasMessageContaining("uncles");
    assertThatThrownBy(() -> SimBehaviour.parse("empty:1.5")).hasMessageContaining("0..1");
    assertThatThrownBy(() -> ScenarioSpec.parse("{\"peers\": [{\"count\": 1, \"behaviour\": \"slow\"}]}", "f"))
        .hasMessageStartingWith("peers[0].behaviour:");
  }
}
