package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.chain.Transaction;
import io.ethfollow.store.BlockData;
import io.ethfollow.store.BlockRange;
import io.ethfollow.store.ChainIdentity;
import io.ethfollow.store.RocksBlockStore;
import io.ethfollow.store.SstFileCheck;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ethfollow verify` and `ethfollow db repair` on a real store of mainnet blocks whose headers
 * table file has a damaged data block (bytes flipped on disk): verify lists every damaged block
 * and the file and exits 1; repair drops exactly those blocks, after which verify passes and the
 * completed ranges hold them as holes.
 */
class DamagedStoreCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Inside the first 4 KiB data block of the file (data blocks come first, the index last). */
  private static final long DAMAGE_OFFSET = 64;

  @TempDir Path tmp;

  private Path damagedStore() throws Exception {
    Path dir = tmp.resolve("data");
    ChainSpec mainnet = ChainSpec.named("mainnet");
    String file;
    try (RocksBlockStore store =
        RocksBlockStore.open(dir, new ChainIdentity(mainnet.genesisHash(), 1, "mainnet"))) {
      store.setSyncStart(1_000_001);
      for (TestVectors.MainnetBlock b : TestVectors.mainnetBlocks()) {
        if (b.number() >= 1_000_001 && b.number() <= 1_000_010) {
          store.writeBlock(new BlockData(BlockHeader.decode(b.headerRlp()), b.bodyRlp(),
              b.receipts69(),
              BlockBody.decode(b.bodyRlp()).transactions().stream().map(Transaction::hash)
                  .toList()));
        }
      }
      store.flush();
      file = store.checkFiles().stream().filter(f -> f.family().equals("headers"))
          .map(SstFileCheck::file).findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve(file).toFile(), "rw")) {
      f.seek(DAMAGE_OFFSET);
      f.write(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
    }
    return dir;
  }

  @Test
  void verifyListsEveryDamagedBlockAndTheFileAndExitsOne() throws Exception {
    Path dir = damagedStore();
    CliRunner.Result r = CliRunner.run("verify", "--data-dir", dir.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    JsonNode out = JSON.readTree(r.out());
    assertThat(out.get("passed").asBoolean()).isFalse();
    JsonNode blocks = out.get("damagedBlocks");
    assertThat(blocks.size()).isBetween(1, 9); // a 4 KiB data block holds some of the 10 headers
    for (JsonNode b : blocks) {
      assertThat(b.get("family").asText()).isEqualTo("headers");
      assertThat(b.get("hash").asText()).startsWith("0x");
      assertThat(b.get("file").asText()).endsWith(".sst");
    }
    JsonNode files = out.get("damagedFiles");
    assertThat(files.size()).isEqualTo(1);
    assertThat(files.get(0).get("family").asText()).isEqualTo("headers");
    assertThat(files.get(0).get("file").asText()).isEqualTo(blocks.get(0).get("file").asText());
    // Every damaged block counts, and the blocks after the damage were still verified.
    assertThat(out.get("blocks").asLong()).isEqualTo(10 - blocks.size());
    assertThat(out.get("problemCount").asLong()).isEqualTo(blocks.size() + 1);
  }

  @Test
  void repairThenVerifyPassesAndTheDamagedBlocksAreExactlyTheHoles() throws Exception {
    Path dir = damagedStore();
    JsonNode before = JSON.readTree(CliRunner.run("verify", "--data-dir", dir.toString()).out());
    TreeSet<Long> damaged = new TreeSet<>();
    before.get("damagedBlocks").forEach(b -> damaged.add(b.get("number").asLong()));

    CliRunner.Result repair = CliRunner.run("db", "repair", "--data-dir", dir.toString());
    assertThat(repair.exitCode()).as(repair.err()).isZero();
    JsonNode rep = JSON.readTree(repair.out());
    assertThat(rep.get("repaired").asBoolean()).isTrue();
    assertThat(rep.get("blocksDropped").asLong()).isEqualTo(damaged.size());
    assertThat(rep.get("blocksKept").asLong()).isEqualTo(10 - damaged.size());
    assertThat(Path.of(rep.get("damagedCopy").asText())).exists();

    CliRunner.Result after = CliRunner.run("verify", "--data-dir", dir.toString());
    assertThat(after.exitCode()).as(after.out()).isZero();
    try (RocksBlockStore store = RocksBlockStore.openExisting(dir, true)) {
      List<Long> missing = new ArrayList<>();
      for (BlockRange hole : store.completedRanges().missingWithin(1_000_001, 1_000_010)) {
        for (long n = hole.from(); n <= hole.to(); n++) {
          missing.add(n);
        }
      }
      assertThat(missing).containsExactlyElementsOf(damaged);
    }
    // A second repair finds nothing to do once the old damaged copy is out of the way.
    try (var files = java.nio.file.Files.walk(Path.of(rep.get("damagedCopy").asText()))) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    }
    JsonNode again =
        JSON.readTree(CliRunner.run("db", "repair", "--data-dir", dir.toString()).out());
    assertThat(again.get("repaired").asBoolean()).isFalse();
  }
}
