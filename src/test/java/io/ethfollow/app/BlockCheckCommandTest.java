package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.rlp.Hex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BlockCheckCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static java.util.List<TestVectors.MainnetBlock> blocks() {
    return TestVectors.mainnetBlocks();
  }

  private Path write(String name, byte[] content) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p;
  }

  private Path hexFile(String name, byte[] rlp) throws Exception {
    return write(name, (Hex.encode(rlp) + "\n").getBytes());
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void everyMainnetBlockWithEth68ReceiptsPassesAndExitsZero(TestVectors.MainnetBlock b)
      throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "block", "check",
            "--block", hexFile("block.hex", b.blockRlp()).toString(),
            "--receipts", write("receipts.bin", b.receipts68()).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode report = JSON.readTree(r.out());
    assertThat(report.get("hash").asText()).isEqualTo(b.hash().toHex());
    assertThat(report.get("number").asLong()).isEqualTo(b.number());
    // An empty receipt list is the same bytes in both forms; the detector then says eth69.
    assertThat(report.get("receiptsForm").asText())
        .isEqualTo(report.get("transactions").asInt() == 0 ? "eth69" : "eth68");
    assertThat(report.get("passed").asBoolean()).isTrue();
    assertThat(report.get("checks").findValuesAsText("name"))
        .contains("transactionsRoot", "ommersHash", "receiptsRoot", "logsBloom", "gasUsed");
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void everyMainnetHeaderHasTheLayoutItsMainnetForkRequires(TestVectors.MainnetBlock b)
      throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "block", "check", "--network", "mainnet",
            "--block", hexFile("block.hex", b.blockRlp()).toString());
    assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).contains("\"headerFields\"");
  }

  @Test
  void aCancunHeaderFailsTheLayoutCheckOnAChainWherePragueIsAlreadyActive() throws Exception {
    // The exec-apis test chain activates Prague at timestamp 450, so a real Cancun mainnet header
    // (20 fields, timestamp far later) lacks requestsHash there.
    TestVectors.MainnetBlock cancun =
        blocks().stream().filter(b -> b.fork().equals("cancun")).findFirst().orElseThrow();
    Path genesis = write("genesis.json", TestVectors.bytes("/testdata/exec-apis-prague/genesis.json"));
    CliRunner.Result r =
        CliRunner.run(
            "block", "check", "--genesis", genesis.toString(),
            "--block", hexFile("block.hex", cancun.blockRlp()).toString());
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode layout = JSON.readTree(r.out()).get("checks").get(0);
    assertThat(layout.get("name").asText()).isEqualTo("headerFields");
    assertThat(layout.get("passed").asBoolean()).isFalse();
    assertThat(layout.get("expected").asText()).isEqualTo("21");
    assertThat(layout.get("actual").asText()).isEqualTo("20");
  }

  @Test
  void eth69ReceiptsAreDetectedAndVerified() throws Exception {
    TestVectors.MainnetBlock b = blocks().get(blocks().size() - 1);
    CliRunner.Result r =
        CliRunner.run(
            "block", "check",
            "--block", write("block.bin", b.blockRlp()).toString(),
            "--receipts", hexFile("receipts.hex", b.receipts69()).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("receiptsForm").asText()).isEqualTo("eth69");
  }

  @Test
  void receiptsOfAnotherBlockFailTheChecksWithExitOne() throws Exception {
    var all = blocks();
    TestVectors.MainnetBlock b = all.get(all.size() - 1);
    TestVectors.MainnetBlock other = all.get(all.size() - 2);
    CliRunner.Result r =
        CliRunner.run(
            "block", "check",
            "--block", hexFile("block.hex", b.blockRlp()).toString(),
            "--receipts", hexFile("receipts.hex", other.receipts68()).toString());
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode report = JSON.readTree(r.out());
    assertThat(report.get("passed").asBoolean()).isFalse();
    assertThat(r.out()).contains("\"receiptsRoot\"");
  }

  @Test
  void aBlockWithATamperedTransactionFailsTheTransactionsRoot() throws Exception {
    TestVectors.MainnetBlock b = blocks().get(blocks().size() - 1);
    byte[] rlp = b.blockRlp();
    // Flip a byte near the end: inside the last withdrawal or transaction, never the header.
    rlp[rlp.length - 3] ^= 0x01;
    CliRunner.Result r = CliRunner.run("block", "check", "--block", hexFile("b.hex", rlp).toString());
    assertThat(r.exitCode()).as(r.err() + r.out()).isIn(1, 2);
    if (r.exitCode() == 1) {
      assertThat(JSON.readTree(r.out()).get("passed").asBoolean()).isFalse();
    }
  }

  @Test
  void truncatedRlpIsExitTwoWithOneLineReason() throws Exception {
    byte[] rlp = blocks().get(0).blockRlp();
    CliRunner.Result r =
        CliRunner.run(
            "block", "check", "--block", write("t.bin", Arrays.copyOf(rlp, rlp.length - 10)).toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("ethfollow: --block: malformed RLP");
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void nonHexTextIsExitTwo() throws Exception {
    CliRunner.Result r =
        CliRunner.run("block", "check", "--block", write("x.txt", "hello world".getBytes()).toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("neither binary RLP nor hex text");
  }

  @Test
  void missingFileIsExitTwo() {
    CliRunner.Result r = CliRunner.run("block", "check", "--block", dir.resolve("nope").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no such file");
  }

  @Test
  void emptyFileAndDirectoryAreExitTwo() throws Exception {
    assertThat(CliRunner.run("block", "check", "--block", write("e", new byte[0]).toString()).exitCode())
        .isEqualTo(2);
    assertThat(CliRunner.run("block", "check", "--block", dir.toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void missingRequiredFlagIsUsageExitTwo() {
    CliRunner.Result r = CliRunner.run("block", "check");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--block");
  }

  @Test
  void unknownCommandIsUsageExitTwo() {
    assertThat(CliRunner.run("frobnicate").exitCode()).isEqualTo(2);
    assertThat(CliRunner.run().exitCode()).isEqualTo(2);
  }
}
