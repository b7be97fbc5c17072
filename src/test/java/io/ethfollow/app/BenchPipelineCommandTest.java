package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.testing.SyntheticChain;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ethfollow bench pipeline}: the offline ingest path copies a store's blocks verified. */
class BenchPipelineCommandTest {
  @TempDir Path tmp;

  @Test
  void everyBlockIsDecodedVerifiedAndWrittenToAStoreThatVerifies() throws Exception {
    SyntheticChain chain = SyntheticChain.of(40);
    Path source = tmp.resolve("source");
    chain.writeStore(source);
    Path target = tmp.resolve("target");
    CliRunner.Result r = CliRunner.run("bench", "pipeline", "--source", source.toString(), "--data-dir", target.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("from").asLong()).isEqualTo(1);
    assertThat(json.get("to").asLong()).isEqualTo(chain.head().number());
    assertThat(json.get("blocks").asLong()).isEqualTo(chain.head().number());
    assertThat(json.get("failedVerification").asLong()).isZero();
    assertThat(json.get("payloadBytes").asLong()).isPositive();
    assertThat(json.get("blocksPerSec").asDouble()).isPositive();
    CliRunner.Result verify = CliRunner.run("verify", "--data-dir", target.toString());
    assertThat(verify.exitCode()).as(verify.out()).isZero();
  }

  @Test
  void aNonEmptyTargetIsRefusedWithExitTwo() throws Exception {
    Path source = tmp.resolve("source");
    SyntheticChain.of(3).writeStore(source);
    Path target = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(target.resolve("x"), "x");
    CliRunner.Result r = CliRunner.run("bench", "pipeline", "--source", source.toString(), "--data-dir", target.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--data-dir");
  }
}
