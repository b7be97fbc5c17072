package io.ethfollow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.chain.Transaction;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.serve.RequestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RocksDB store answers peers' requests through wire's RequestServer with the stored bytes. */
class StoreServesPeersTest {
  @TempDir Path dir;

  private static List<TestVectors.MainnetBlock> frontierRun() {
    return TestVectors.mainnetBlocks().stream()
        .filter(b -> b.number() >= 1_000_001 && b.number() <= 1_000_010)
        .toList();
  }

  private RocksBlockStore filledStore() {
    RocksBlockStore store =
        RocksBlockStore.open(
            dir, new ChainIdentity(Hash.fromHex("0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3"), 1, "mainnet"));
    store.setSyncStart(1_000_001);
    for (TestVectors.MainnetBlock b : frontierRun()) {
      store.writeBlock(
          new BlockData(
              BlockHeader.decode(b.headerRlp()),
              b.bodyRlp(),
              b.receipts69(),
              BlockBody.decode(b.bodyRlp()).transactions().stream().map(Transaction::hash).toList()));
    }
    return store;
  }

  @Test
  void servesHeadersByNumberWithSkipFromTheStore() {
    try (RocksBlockStore store = filledStore()) {
      var answer =
          new RequestServer(store)
              .answer(new EthMessage.GetBlockHeaders(7, new EthMessage.Origin.Number(1_000_002), 3, 1, false), 69)
              .orElseThrow();
      var headers = ((EthMessage.BlockHeaders) answer).headers();
      assertThat(headers).extracting(BlockHeader::number).containsExactly(1_000_002L, 1_000_004L, 1_000_006L);
      assertThat(((EthMessage.BlockHeaders) answer).requestId()).isEqualTo(7);
    }
  }

  @Test
  void servesBodiesAndEth68ReceiptsByteIdenticalToTheOriginals() {
    try (RocksBlockStore store = filledStore()) {
      RequestServer server = new RequestServer(store);
      List<Hash> hashes = frontierRun().stream().map(TestVectors.MainnetBlock::hash).toList();
      var bodies = (EthMessage.BlockBodies) server.answer(new EthMessage.GetBlockBodies(1, hashes), 68).orElseThrow();
      assertThat(bodies.rawBodies()).hasSize(10);
      for (int i = 0; i < 10; i++) {
        assertThat(bodies.rawBodies().get(i)).isEqualTo(frontierRun().get(i).bodyRlp());
      }
      var receipts = (EthMessage.Receipts) server.answer(new EthMessage.GetReceipts(2, hashes), 68).orElseThrow();
      assertThat(receipts.blocks()).hasSize(10);
      for (int i = 0; i < 10; i++) {
        assertThat(io.ethfollow.chain.ReceiptCodec.encodeEth68(receipts.blocks().get(i).receipts()))
            .isEqualTo(frontierRun().get(i).receipts68());
      }
    }
  }

  @Test
  void unknownHashesGetEmptyAnswers() {
    try (RocksBlockStore store = filledStore()) {
      var bodies =
          (EthMessage.BlockBodies)
              new RequestServer(store)
                  .answer(new EthMessage.GetBlockBodies(3, List.of(Hash.ZERO)), 69)
                  .orElseThrow();
      assertThat(bodies.rawBodies()).isEmpty();
    }
  }
}
