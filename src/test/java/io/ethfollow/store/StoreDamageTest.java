package io.ethfollow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ethfollow.chain.Hash;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.serve.RequestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A store whose bodies table file has a damaged data block (bytes flipped on disk, found by
 * RocksDB's block checksum): reads of the blocks in that data block fail typed, serving answers
 * them as missing, the damage is logged and counted once, a compaction over the file is reported,
 * and the repair drops exactly those blocks. Real RocksDB in a temp dir.
 */
class StoreDamageTest {
  /** Enough small blocks that the bodies file holds several 4 KiB data blocks. */
  private static final int BLOCKS = 300;

  @TempDir Path root;

  /** The chain is longer than what is first stored, so later writes overlap the damaged file. */
  private final ChainFixture chain = ChainFixture.build(BLOCKS + 100, 7);

  private Path dir() {
    return root.resolve("data");
  }

  /** Writes the chain, closes (flushing one table file per family), damages the bodies file. */
  private String damagedBodiesStore() throws Exception {
    String file;
    try (RocksBlockStore store = open()) {
      store.setSyncStart(0);
      store.writeBlocks(chain.range(0, BLOCKS - 1));
      store.flush();
      file = SstDamage.fileOf(store, StoreSchema.BODIES);
    }
    SstDamage.flip(dir(), file);
    return file;
  }

  private RocksBlockStore open() {
    return RocksBlockStore.open(dir(), chain.identity("test", 1337), StoreOptions.forTests());
  }

  /** Numbers of the blocks whose body cannot be read. */
  private static TreeSet<Long> unreadableBodies(RocksBlockStore store, ChainFixture chain) {
    TreeSet<Long> out = new TreeSet<>();
    for (int n = 0; n < BLOCKS; n++) {
      try {
        store.body(chain.block(n).hash());
      } catch (StoreCorruptionException e) {
        out.add((long) n);
      }
    }
    return out;
  }

  /** The blocks whose body keys sort first: the ones in the first data block of the file. */
  private List<Long> lowestHashes(int count) {
    List<BlockData> byHash = new ArrayList<>(chain.range(0, BLOCKS - 1));
    byHash.sort(Comparator.comparing(b -> b.hash().toHex()));
    return byHash.subList(0, count).stream().map(BlockData::number).sorted().toList();
  }

  @Test
  void readsOfTheDamagedDataBlockFailTypedNamingTheFileAndOnlyThoseBlocks() throws Exception {
    String file = damagedBodiesStore();
    try (RocksBlockStore store = open()) {
      TreeSet<Long> damaged = unreadableBodies(store, chain);
      assertThat(damaged).isNotEmpty().hasSizeLessThan(BLOCKS / 2);
      assertThat(damaged).containsExactlyElementsOf(lowestHashes(damaged.size()));
      Hash first = chain.block(damaged.first()).hash();
      assertThatThrownBy(() -> store.body(first))
          .isInstanceOfSatisfying(StoreCorruptionException.class, e -> {
            assertThat(e.family()).isEqualTo(StoreSchema.BODIES);
            assertThat(e.sstFile()).isEqualTo(file);
            assertThat(e.getMessage()).contains(first.toHex()).contains(file);
          });
      // Headers and receipts of the same block live in other files and still read.
      assertThat(store.header(first)).isPresent();
      assertThat(store.receipts(first)).isPresent();
      assertThat(store.checkFiles())
          .filteredOn(SstFileCheck::damaged)
          .extracting(SstFileCheck::file)
          .containsExactly(file);
    }
  }

  @Test
  void servingADamagedBlockAnswersAsMissingAndIsLoggedAndCountedOnce() throws Exception {
    damagedBodiesStore();
    Logger logger = (Logger) LoggerFactory.getLogger(DamageLedger.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try (RocksBlockStore store = open()) {
      long bad = unreadableBodies(store, chain).first();
      StoreDamage afterProbe = store.damage();
      Hash badHash = chain.block(bad).hash();
      long good = lowestHashes(BLOCKS).get(BLOCKS - 1); // highest hash: last data block
      RequestServer server = new RequestServer(store);
      for (int i = 0; i < 5; i++) {
        EthMessage.BlockBodies answer =
            server.bodies(new EthMessage.GetBlockBodies(i, List.of(badHash)));
        assertThat(answer.rawBodies()).isEmpty();
      }
      EthMessage.BlockBodies mixed = server.bodies(
          new EthMessage.GetBlockBodies(9, List.of(badHash, chain.block(good).hash())));
      assertThat(mixed.rawBodies()).containsExactly(chain.block(good).body());
      assertThat(store.damage().damagedEntries()).isEqualTo(afterProbe.damagedEntries());
      assertThat(store.damage().damagedReads()).isEqualTo(afterProbe.damagedReads() + 6);
      long logged = appender.list.stream()
          .filter(e -> e.getFormattedMessage().contains("damaged block data"))
          .filter(e -> e.getKeyValuePairs().stream()
              .anyMatch(kv -> kv.key.equals("key") && kv.value.equals(badHash.toHex())))
          .count();
      assertThat(logged).isEqualTo(1);
      assertThat(store.damage().any()).isTrue();
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void aCompactionOverTheDamagedFileIsReportedAndWritesFailWithTheRepairHint() throws Exception {
    damagedBodiesStore();
    RocksBlockStore store = open();
    try {
      assertThat(store.damage().backgroundError()).isNull();
      // A new table file whose keys interleave with the damaged one: compacting merges both.
      store.writeBlocks(chain.range(BLOCKS, BLOCKS + 99));
      store.flush();
      assertThatThrownBy(store::compactAll).isInstanceOf(StoreException.class);
      assertThat(store.damage().backgroundError()).contains("compaction");
      assertThatThrownBy(() -> store.writeBlock(chain.block(BLOCKS + 99)))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("ethfollow db repair --data-dir");
      // Reads of intact blocks go on.
      assertThat(store.header(BLOCKS - 1L)).isPresent();
    } finally {
      try {
        store.close();
      } catch (StoreException e) {
        // The final flush fails too while RocksDB refuses writes; the handles are closed anyway.
      }
    }
  }

  @Test
  void repairDropsExactlyTheDamagedBlocksAndLeavesThemMissingInTheCompletedRanges()
      throws Exception {
    damagedBodiesStore();
    TreeSet<Long> damaged;
    try (RocksBlockStore store = open()) {
      damaged = unreadableBodies(store, chain);
    }
    // The daemon keeps its node key in the data dir, next to RocksDB's files.
    java.nio.file.Files.writeString(dir().resolve("nodekey"), "secret");
    StoreRepair.Result r = new StoreRepair(dir(), StoreOptions.forTests()).run();
    assertThat(r.repaired()).isTrue();
    assertThat(dir().resolve("nodekey")).hasContent("secret");
    assertThat(r.dropped()).extracting(StoreRepair.DroppedBlock::number)
        .containsExactlyElementsOf(damaged);
    assertThat(r.blocksKept()).isEqualTo(BLOCKS - damaged.size());
    assertThat(r.damagedCopy()).exists();
    try (RocksBlockStore store = open()) {
      List<Long> missing = new ArrayList<>();
      for (BlockRange hole : store.completedRanges().missingWithin(0, BLOCKS - 1)) {
        for (long n = hole.from(); n <= hole.to(); n++) {
          missing.add(n);
        }
      }
      assertThat(missing).containsExactlyElementsOf(damaged);
      assertThat(store.persistedRanges()).isEqualTo(store.completedRanges());
      assertThat(store.checkFiles()).noneMatch(SstFileCheck::damaged);
      assertThat(unreadableBodies(store, chain)).isEmpty();
      long kept = lowestHashes(BLOCKS).get(BLOCKS - 1);
      BlockData b = chain.block(kept);
      assertThat(store.body(b.hash())).contains(b.body());
      assertThat(store.transaction(b.txHashes().get(0)))
          .contains(new TxLocation(kept, 0));
      assertThat(store.canonicalHash(damaged.first())).isEmpty();
      // Sync can write the refetched block into the hole.
      store.writeBlock(chain.block(damaged.first()));
      assertThat(store.completedRanges().contains(damaged.first())).isTrue();
    }
  }

  @Test
  void aRepairInterruptedBetweenItsRenamesIsFinishedByTheNextOpen() throws Exception {
    damagedBodiesStore();
    StoreRepair.Result r = new StoreRepair(dir(), StoreOptions.forTests()).run();
    RangeSet repaired = r.completedRanges();
    // Put the directories back into the state a crash between the two renames leaves.
    java.nio.file.Files.move(dir(), RepairSwap.rebuiltDir(dir()));
    java.nio.file.Files.createFile(
        RepairSwap.rebuiltDir(dir()).resolve(RepairSwap.COMPLETE_MARKER));
    try (RocksBlockStore store = open()) {
      assertThat(store.completedRanges()).isEqualTo(repaired);
    }
    assertThat(RepairSwap.rebuiltDir(dir())).doesNotExist();
    assertThat(dir().resolve(RepairSwap.COMPLETE_MARKER)).doesNotExist();
  }

  @Test
  void aRepairInterruptedWhileCopyingLeavesTheOldStoreAndIsRedoneFromScratch() throws Exception {
    damagedBodiesStore();
    // A crash while copying leaves a rebuilt directory without its completion marker.
    java.nio.file.Files.createDirectories(RepairSwap.rebuiltDir(dir()));
    java.nio.file.Files.writeString(RepairSwap.rebuiltDir(dir()).resolve("000005.sst"), "partial");
    try (RocksBlockStore store = open()) {
      assertThat(store.completedRanges().blockCount()).isEqualTo(BLOCKS);
    }
    StoreRepair.Result r = new StoreRepair(dir(), StoreOptions.forTests()).run();
    assertThat(r.repaired()).isTrue();
    try (RocksBlockStore store = open()) {
      assertThat(store.completedRanges().blockCount()).isEqualTo(r.blocksKept());
    }
  }

  @Test
  void aSecondRepairRefusesWhileTheDamagedCopyOfTheFirstIsStillThere() throws Exception {
    damagedBodiesStore();
    StoreRepair.Result r = new StoreRepair(dir(), StoreOptions.forTests()).run();
    assertThatThrownBy(() -> new StoreRepair(dir(), StoreOptions.forTests()).run())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(r.damagedCopy().toString());
    try (RocksBlockStore store = open()) {
      assertThat(store.completedRanges()).isEqualTo(r.completedRanges());
    }
  }

  @Test
  void repairOfAnIntactStoreChangesNothing() throws Exception {
    try (RocksBlockStore store = open()) {
      store.setSyncStart(0);
      store.writeBlocks(chain.range(0, 49));
    }
    StoreRepair.Result r = new StoreRepair(dir(), StoreOptions.forTests()).run();
    assertThat(r.repaired()).isFalse();
    assertThat(r.dropped()).isEmpty();
    assertThat(RepairSwap.rebuiltDir(dir())).doesNotExist();
    assertThat(RepairSwap.damagedDir(dir())).doesNotExist();
  }
}
