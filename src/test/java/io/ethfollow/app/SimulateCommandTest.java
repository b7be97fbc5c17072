package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ethfollow simulate}, in-process: built-in and file scenarios, bad files. */
class SimulateCommandTest {
  static final List<String> FIELDS = List.of("blocksSynced", "finalLagBlocks", "maxLagBlocks", "p99LagBlocks",
      "longestStallMs", "verifiedOk", "holes", "peersDropped", "peersDroppedByPool", "peersDisconnected", "logLines",
      "logEventsSuppressed", "schedulerWakeups", "outageSchedulerWakeups", "outageEngineWakeups",
      "virtualSeconds", "wallMillis");

  @TempDir Path dir;

  /** The reorgs scenario, shortened to 15 virtual minutes: follows through a 1-block reorg, no holes. */
  @Test
  void builtInScenarioRunsAndPrintsEveryField() throws Exception {
    CliRunner.Result r = CliRunner.run("simulate", "--scenario", "reorgs", "--seed", "3", "--duration", "900");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(r.out());
    for (String f : FIELDS) {
      assertThat(report.has(f)).as(f).isTrue();
    }
    assertThat(report.get("scenario").asText()).isEqualTo("reorgs");
    assertThat(report.get("virtualSeconds").asLong()).isEqualTo(900);
    assertThat(report.get("blocksSynced").asLong()).isGreaterThanOrEqualTo(70);
    assertThat(report.get("finalLagBlocks").asLong()).isLessThanOrEqualTo(1);
    assertThat(report.get("verifiedOk").asBoolean()).isTrue();
    assertThat(report.get("holes").asInt()).isZero();
    assertThat(report.get("schedulerWakeups").asLong()).isPositive();
    assertThat(report.get("logLines").asLong()).isPositive(); // the reorg is logged at INFO
  }

  @Test
  void jsonScenarioFileRuns() throws Exception {
    Path file = dir.resolve("s.json");
    Files.writeString(file, """
        {"name": "mini", "mode": "fast-then-follow",
         "chain": {"startHeight": 1000, "slotMs": 12000, "duration": 300, "behind": 300},
         "peers": [{"count": 4, "behaviour": "honest,lag:20-80"}, {"count": 2, "behaviour": "empty:0.5,timeout:0.1"}]}
        """);
    CliRunner.Result r = CliRunner.run("simulate", "--scenario", file.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertThat(report.get("scenario").asText()).isEqualTo("mini");
    assertThat(report.get("blocksSynced").asLong()).isGreaterThanOrEqualTo(300);
    assertThat(report.get("verifiedOk").asBoolean()).isTrue();
    assertThat(report.get("holes").asInt()).isZero();
    assertThat(report.get("lagSamples").asInt()).isPositive();
  }

  @Test
  void badScenarioFileExitsTwoNamingTheKey() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"chain\": {\"slotMs\": 12000}, \"peers\": [{\"count\": 0}]}");
    CliRunner.Result r = CliRunner.run("simulate", "--scenario", file.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("peers[0].count").doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void badBehaviourAndUnknownNameExitTwo() throws Exception {
    Path file = dir.resolve("bad2.json");
    Files.writeString(file, "{\"peers\": [{\"count\": 2, \"behaviour\": \"honest,wobbly:3\"}]}");
    CliRunner.Result bad = CliRunner.run("simulate", "--scenario", file.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("peers[0].behaviour");
    CliRunner.Result unknown = CliRunner.run("simulate", "--scenario", "no-such-scenario");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("stale-peers");
  }
}
