package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.Transaction;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.store.BlockData;
import io.ethfollow.store.ChainIdentity;
import io.ethfollow.store.RocksBlockStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ethfollow verify` and `ethfollow db stats` on real RocksDB stores holding real mainnet blocks. */
class StoreCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  /** Mainnet blocks 1000001..1000010: ten consecutive Frontier blocks with receipts. */
  private static List<TestVectors.MainnetBlock> frontierRun() {
    return TestVectors.mainnetBlocks().stream()
        .filter(b -> b.number() >= 1_000_001 && b.number() <= 1_000_010)
        .toList();
  }

  private static BlockData data(TestVectors.MainnetBlock b, byte[] body) {
    BlockBody decoded = BlockBody.decode(body);
    return new BlockData(
        BlockHeader.decode(b.headerRlp()),
        body,
        b.receipts69(),
        decoded.transactions().stream().map(Transaction::hash).toList());
  }

  private Path storeWith(List<TestVectors.MainnetBlock> blocks, boolean corruptFifth) {
    Path dir = tmp.resolve("data");
    ChainSpec mainnet = ChainSpec.named("mainnet");
    try (RocksBlockStore store =
        RocksBlockStore.open(dir, new ChainIdentity(mainnet.genesisHash(), 1, "mainnet"))) {
      store.setSyncStart(blocks.get(0).number());
      for (int i = 0; i < blocks.size(); i++) {
        TestVectors.MainnetBlock b = blocks.get(i);
        // The corrupt store gets block 5's header with block 4's body (a wrong-body write).
        byte[] body = corruptFifth && i == 4 ? blocks.get(3).bodyRlp() : b.bodyRlp();
        store.writeBlock(data(b, body));
      }
    }
    return dir;
  }

  @Test
  void verifyPassesOnAStoreOfRealBlocksAndReportsTheRange() throws Exception {
    Path dir = storeWith(frontierRun(), false);
    CliRunner.Result r = CliRunner.run("verify", "--data-dir", dir.toString());
    assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("passed").asBoolean()).isTrue();
    assertThat(out.get("blocks").asLong()).isEqualTo(10);
    assertThat(out.get("firstBlock").asLong()).isEqualTo(1_000_001);
    assertThat(out.get("lastBlock").asLong()).isEqualTo(1_000_010);
    assertThat(out.get("contiguousHead").asLong()).isEqualTo(1_000_010);
    assertThat(out.get("network").asText()).isEqualTo("mainnet");
  }

  @Test
  void verifyFindsABodyThatDoesNotMatchItsHeaderAndExitsOne() throws Exception {
    Path dir = storeWith(frontierRun(), true);
    CliRunner.Result r = CliRunner.run("verify", "--data-dir", dir.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("passed").asBoolean()).isFalse();
    assertThat(out.get("problemCount").asLong()).isPositive();
    JsonNode first = out.get("problems").get(0);
    assertThat(first.get("number").asLong()).isEqualTo(1_000_005);
    assertThat(out.get("problems").findValuesAsText("check")).contains("transactionsRoot");
  }

  @Test
  void verifyDoesNotModifyTheStore() throws Exception {
    Path dir = storeWith(frontierRun(), false);
    var before = listing(dir);
    assertThat(CliRunner.run("verify", "--data-dir", dir.toString()).exitCode()).isZero();
    assertThat(listing(dir)).isEqualTo(before);
  }

  private static List<String> listing(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName() + ":" + p.toFile().length() + ":" + p.toFile().lastModified())
          .sorted()
          .toList();
    }
  }

  @Test
  void dbStatsCountsBlocksAndBytes() throws Exception {
    Path dir = storeWith(frontierRun(), false);
    CliRunner.Result r = CliRunner.run("db", "stats", "--data-dir", dir.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("blocks").asLong()).isEqualTo(10);
    assertThat(out.get("bytes").asLong()).isPositive();
    assertThat(out.get("localHead").get("number").asLong()).isEqualTo(1_000_010);
    assertThat(out.get("columnFamilies").findValuesAsText("name")).contains("headers", "bodies");
  }

  @Test
  void aDirectoryThatIsNotAStoreIsExitTwoForVerifyAndStats() throws Exception {
    Path notStore = tmp.resolve("junk");
    Files.createDirectories(notStore);
    Files.writeString(notStore.resolve("notes.txt"), "hello");
    for (String[] args :
        List.of(
            new String[] {"verify", "--data-dir", notStore.toString()},
            new String[] {"db", "stats", "--data-dir", notStore.toString()})) {
      CliRunner.Result r = CliRunner.run(args);
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).contains("not an ethfollow store");
    }
    assertThat(Files.list(notStore).count()).isEqualTo(1);
  }

  @Test
  void aMissingDirectoryIsExitTwoAndIsNotCreated() {
    Path missing = tmp.resolve("missing");
    CliRunner.Result r = CliRunner.run("verify", "--data-dir", missing.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no such directory");
    assertThat(Files.exists(missing)).isFalse();
  }
}
