package io.ethfollow.wire.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.Block;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.chain.TestVectors.MainnetBlock;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.wire.WireFixtures;
import io.ethfollow.wire.eth.EthCodec;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.eth.EthMessageId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RequestServerTest {
  private static List<Block> chain;
  private static RequestServer server;

  @BeforeAll
  static void load() {
    chain = WireFixtures.execApisChain();
    FakeChainReader reader = new FakeChainReader();
    chain.forEach(reader::addBlock);
    server = new RequestServer(reader);
  }

  private static EthMessage.GetBlockHeaders byNumber(long n, long amount, long skip, boolean rev) {
    return new EthMessage.GetBlockHeaders(1, new EthMessage.Origin.Number(n), amount, skip, rev);
  }

  private static List<Long> numbers(EthMessage.BlockHeaders h) {
    return h.headers().stream().map(BlockHeader::number).toList();
  }

  @Test
  void shouldServeConsecutiveHeadersForwardAndStopAtTheHead() {
    EthMessage.BlockHeaders h = server.headers(byNumber(40, 10, 0, false));
    assertThat(numbers(h)).containsExactly(40L, 41L, 42L, 43L, 44L, 45L);
    assertThat(h.headers().get(5).hash()).isEqualTo(chain.get(44).hash());
  }

  @Test
  void shouldServeHeadersWithSkipInReverseAndStopAboveGenesisGap() {
    // block 0 is not in the fake store: the walk stops at the first missing header
    EthMessage.BlockHeaders h = server.headers(byNumber(20, 10, 4, true));
    assertThat(numbers(h)).containsExactly(20L, 15L, 10L, 5L);
    assertThat(numbers(server.headers(byNumber(3, 10, 1, true)))).containsExactly(3L, 1L);
  }

  @Test
  void shouldServeHeadersWithSkipForward() {
    assertThat(numbers(server.headers(byNumber(1, 4, 9, false))))
        .containsExactly(1L, 11L, 21L, 31L);
  }

  @Test
  void shouldStartFromHashOrigin() {
    Hash h10 = chain.get(9).hash();
    EthMessage.BlockHeaders h =
        server.headers(
            new EthMessage.GetBlockHeaders(7, new EthMessage.Origin.ByHash(h10), 3, 0, true));
    assertThat(h.requestId()).isEqualTo(7);
    assertThat(numbers(h)).containsExactly(10L, 9L, 8L);
  }

  @Test
  void shouldAnswerEmptyForUnknownOriginAndZeroAmount() {
    assertThat(server.headers(byNumber(1000, 5, 0, false)).headers()).isEmpty();
    assertThat(server.headers(byNumber(1, 0, 0, false)).headers()).isEmpty();
    EthMessage.GetBlockHeaders unknownHash =
        new EthMessage.GetBlockHeaders(
            1, new EthMessage.Origin.ByHash(Hash.keccakOf(new byte[] {7})), 5, 0, false);
    assertThat(server.headers(unknownHash).headers()).isEmpty();
  }

  @Test
  void shouldNotWalkFromANonCanonicalHashOrigin() {
    FakeChainReader reader = new FakeChainReader();
    chain.forEach(reader::addBlock);
    BlockHeader.Fields f = new BlockHeader.Fields();
    f.number = 5;
    f.parentHash = chain.get(3).hash();
    BlockHeader side = BlockHeader.create(f);
    reader.addSideHeader(side);
    EthMessage.BlockHeaders h =
        new RequestServer(reader)
            .headers(
                new EthMessage.GetBlockHeaders(
                    1, new EthMessage.Origin.ByHash(side.hash()), 5, 0, false));
    assertThat(h.headers()).containsExactly(side);
  }

  @Test
  void shouldSurviveHugeSkipWithoutOverflow() {
    assertThat(numbers(server.headers(byNumber(2, 5, Long.MAX_VALUE, false))))
        .containsExactly(2L);
    assertThat(numbers(server.headers(byNumber(2, 5, Long.MAX_VALUE - 1, true))))
        .containsExactly(2L);
    assertThat(numbers(server.headers(byNumber(Long.MAX_VALUE - 1, 5, 3, false)))).isEmpty();
  }

  @Test
  void shouldClampHeaderAmountTo1024() {
    FakeChainReader reader = new FakeChainReader();
    for (long n = 0; n < 1500; n++) {
      BlockHeader.Fields f = new BlockHeader.Fields();
      f.number = n;
      reader.addCanonical(BlockHeader.create(f));
    }
    EthMessage.BlockHeaders h = new RequestServer(reader).headers(byNumber(0, 5000, 0, false));
    assertThat(h.headers()).hasSize(RequestServer.MAX_ITEMS);
    assertThat(h.headers().get(1023).number()).isEqualTo(1023);
  }

  @Test
  void shouldServeRealBodiesByteForByteSkippingUnknownOnes() {
    List<Hash> ask = new ArrayList<>();
    ask.add(chain.get(0).hash());
    ask.add(Hash.keccakOf(new byte[] {42}));
    ask.add(chain.get(44).hash());
    EthMessage.BlockBodies b = server.bodies(new EthMessage.GetBlockBodies(3, ask));
    assertThat(b.rawBodies()).hasSize(2);
    assertThat(b.rawBodies().get(0)).isEqualTo(chain.get(0).body().encode());
    assertThat(b.rawBodies().get(1)).isEqualTo(chain.get(44).body().encode());
    // and the answer goes through the real codec
    EthMessage back = EthCodec.decode(69, EthMessageId.BLOCK_BODIES.code(), EthCodec.encode(b));
    assertThat(back).isEqualTo(b);
  }

  @Test
  void shouldAnswerEmptyListsForBlocksWeLack() {
    List<Hash> ask = List.of(Hash.keccakOf(new byte[] {1}), Hash.keccakOf(new byte[] {2}));
    assertThat(server.bodies(new EthMessage.GetBlockBodies(1, ask)).rawBodies()).isEmpty();
    assertThat(server.receipts(new EthMessage.GetReceipts(1, ask), ReceiptCodec.Form.ETH69)
        .blocks()).isEmpty();
  }

  /** A syntactically valid body of about {@code size} bytes: one big opaque "transaction". */
  private static byte[] bigBody(int size) {
    return new RlpWriter().startList().startList().writeBytes(new byte[size]).endList()
        .startList().endList().endList().toByteArray();
  }

  @Test
  void shouldStopAddingBodiesBeforeTheSoftLimitButAlwaysSendOne() {
    FakeChainReader reader = new FakeChainReader();
    List<Hash> ask = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Hash h = Hash.keccakOf(new byte[] {(byte) i});
      reader.putBody(h, bigBody(600 * 1024));
      ask.add(h);
    }
    RequestServer s = new RequestServer(reader);
    // 3 x ~600 KiB fit in 2 MiB, a 4th would exceed it
    assertThat(s.bodies(new EthMessage.GetBlockBodies(1, ask)).rawBodies()).hasSize(3);

    Hash huge = Hash.keccakOf(new byte[] {99});
    reader.putBody(huge, bigBody(3 * 1024 * 1024));
    assertThat(s.bodies(new EthMessage.GetBlockBodies(1, List.of(huge, ask.get(0)))).rawBodies())
        .hasSize(1);
  }

  @Test
  void shouldCapBodiesAt1024Items() {
    FakeChainReader reader = new FakeChainReader();
    List<Hash> ask = new ArrayList<>();
    for (int i = 0; i < 1024; i++) {
      Hash h = Hash.keccakOf(new byte[] {(byte) i, (byte) (i >> 8)});
      reader.putBody(h, new byte[] {(byte) 0xc2, (byte) 0xc0, (byte) 0xc0});
      ask.add(h);
    }
    assertThat(new RequestServer(reader).bodies(new EthMessage.GetBlockBodies(1, ask))
        .rawBodies()).hasSize(1024);
  }

  @Test
  void shouldServeStoredEth69ReceiptsAsExactEth68ToOldPeers() {
    FakeChainReader reader = new FakeChainReader();
    List<MainnetBlock> blocks = TestVectors.mainnetBlocks();
    List<Hash> ask = new ArrayList<>();
    for (MainnetBlock b : blocks) {
      reader.putReceipts(b.hash(), b.receipts69());
      ask.add(b.hash());
    }
    RequestServer s = new RequestServer(reader);
    EthMessage.Receipts r68 = s.receipts(new EthMessage.GetReceipts(4, ask), ReceiptCodec.Form.ETH68);
    EthMessage.Receipts r69 = s.receipts(new EthMessage.GetReceipts(4, ask), ReceiptCodec.Form.ETH69);
    List<byte[]> want68 = blocks.stream().map(MainnetBlock::receipts68).toList();
    List<byte[]> want69 = blocks.stream().map(MainnetBlock::receipts69).toList();
    assertThat(EthCodec.encode(r68)).isEqualTo(rawList(4, want68));
    assertThat(EthCodec.encode(r69)).isEqualTo(rawList(4, want69));
  }

  /**
   * Well-formed RLP that is not a receipt list at all (a list of byte strings): decoding it as
   * receipts fails, so an eth/69 answer carrying it byte for byte proves the server never decoded it.
   */
  private static byte[] wellFormedNonsense(int seed, int size) {
    RlpWriter w = new RlpWriter().startList();
    for (int i = 0; i < 4; i++) {
      byte[] item = new byte[size / 4];
      java.util.Arrays.fill(item, (byte) (seed + i));
      w.writeBytes(item);
    }
    return w.endList().toByteArray();
  }

  @Test
  void shouldServeStoredReceiptsToEth69PeersByteForByteWithoutDecodingThem() {
    FakeChainReader reader = new FakeChainReader();
    List<Hash> ask = new ArrayList<>();
    List<byte[]> stored = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Hash h = Hash.keccakOf(new byte[] {7, (byte) i});
      byte[] raw = wellFormedNonsense(i, 400);
      reader.putReceipts(h, raw);
      ask.add(h);
      stored.add(raw);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReceiptCodec.decodeEth69(stored.get(0)))
        .as("the stored bytes are not decodable receipts")
        .isInstanceOf(RuntimeException.class);

    EthMessage answer = new RequestServer(reader)
        .answer(new EthMessage.GetReceipts(9, ask), EthCodec.ETH69).orElseThrow();
    EthMessage.Receipts r = (EthMessage.Receipts) answer;
    assertThat(r.form()).isEqualTo(ReceiptCodec.Form.ETH69);
    assertThat(r.blocks()).hasSize(3).allMatch(EthMessage.BlockReceipts::undecoded);
    assertThat(EthCodec.encode(r)).isEqualTo(rawList(9, stored));
    assertThat(r.blocks()).allMatch(EthMessage.BlockReceipts::undecoded);
  }

  @Test
  void shouldDecodeStoredReceiptsOnlyForEth68PeersAndSendTheirBlooms() {
    FakeChainReader reader = new FakeChainReader();
    List<MainnetBlock> blocks = TestVectors.mainnetBlocks();
    List<Hash> ask = new ArrayList<>();
    for (MainnetBlock b : blocks) {
      reader.putReceipts(b.hash(), b.receipts69());
      ask.add(b.hash());
    }
    RequestServer s = new RequestServer(reader);
    EthMessage.Receipts r69 = s.receipts(new EthMessage.GetReceipts(2, ask), ReceiptCodec.Form.ETH69);
    assertThat(r69.blocks()).allMatch(EthMessage.BlockReceipts::undecoded);
    EthMessage.Receipts r68 = s.receipts(new EthMessage.GetReceipts(2, ask), ReceiptCodec.Form.ETH68);
    // what an eth/68 peer decodes carries the real blooms: each receipt's bloom as mainnet has it,
    // and together they match every header's logsBloom through the receipts root
    EthMessage.Receipts back = (EthMessage.Receipts)
        EthCodec.decode(EthCodec.ETH68, EthMessageId.RECEIPTS.code(), EthCodec.encode(r68));
    for (int i = 0; i < blocks.size(); i++) {
      List<io.ethfollow.chain.Receipt> want = ReceiptCodec.decodeEth68(blocks.get(i).receipts68());
      List<io.ethfollow.chain.Receipt> got = back.blocks().get(i).receipts();
      assertThat(got).hasSameSizeAs(want);
      for (int j = 0; j < want.size(); j++) {
        assertThat(got.get(j).bloom()).isEqualTo(want.get(j).bloom());
      }
      assertThat(r68.blocks().get(i).eth68Rlp()).isEqualTo(blocks.get(i).receipts68());
    }
  }

  @Test
  void shouldCountReceiptsSoftLimitInTheFormSentAndCapAt1024Lists() {
    FakeChainReader reader = new FakeChainReader();
    List<Hash> ask = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Hash h = Hash.keccakOf(new byte[] {8, (byte) i});
      reader.putReceipts(h, wellFormedNonsense(i, 600 * 1024));
      ask.add(h);
    }
    RequestServer s = new RequestServer(reader);
    // 3 x ~600 KiB fit in 2 MiB, a 4th would exceed it; never decoded
    assertThat(s.receipts(new EthMessage.GetReceipts(1, ask), ReceiptCodec.Form.ETH69).blocks())
        .hasSize(3);
    Hash huge = Hash.keccakOf(new byte[] {8, 99});
    reader.putReceipts(huge, wellFormedNonsense(1, 3 * 1024 * 1024));
    assertThat(s.receipts(new EthMessage.GetReceipts(1, List.of(huge, ask.get(0))),
        ReceiptCodec.Form.ETH69).blocks()).hasSize(1);

    FakeChainReader many = new FakeChainReader();
    List<Hash> lots = new ArrayList<>();
    for (int i = 0; i < 1100; i++) {
      Hash h = Hash.keccakOf(new byte[] {9, (byte) i, (byte) (i >> 8)});
      many.putReceipts(h, new byte[] {(byte) 0xc0});
      lots.add(h);
    }
    assertThat(new RequestServer(many).receipts(new EthMessage.GetReceipts(1, lots),
        ReceiptCodec.Form.ETH68).blocks()).hasSize(1024);
    assertThat(new RequestServer(many).receipts(new EthMessage.GetReceipts(1, lots),
        ReceiptCodec.Form.ETH69).blocks()).hasSize(1024);
  }

  @Test
  void shouldAnswerThroughGenericDispatchByNegotiatedVersion() {
    EthMessage.GetReceipts req = new EthMessage.GetReceipts(1, List.of());
    assertThat(server.answer(req, 68)).get()
        .extracting(m -> ((EthMessage.Receipts) m).form()).isEqualTo(ReceiptCodec.Form.ETH68);
    assertThat(server.answer(new EthMessage.Transactions(3), 69)).isEmpty();
    assertThat(server.answer(new EthMessage.GetPooledTransactions(5, 10), 69))
        .contains(new EthMessage.PooledTransactions(5, 0));
  }

  private static byte[] rawList(long id, List<byte[]> items) {
    RlpWriter w = new RlpWriter().startList().writeLong(id).startList();
    items.forEach(w::writeRaw);
    return w.endList().endList().toByteArray();
  }
}
