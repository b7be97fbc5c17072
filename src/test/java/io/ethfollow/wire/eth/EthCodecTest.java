package io.ethfollow.wire.eth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ethfollow.chain.Block;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ForkId;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.chain.TestVectors;
import io.ethfollow.chain.TestVectors.MainnetBlock;
import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.wire.MessageDecodeException;
import io.ethfollow.wire.WireFixtures;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EthCodecTest {
  private static final Hash H1 = Hash.keccakOf(new byte[] {1});
  private static final Hash H2 = Hash.keccakOf(new byte[] {2});
  /** A request id with the top bit set: go-ethereum picks ids from the full uint64 range. */
  private static final long BIG_ID = 0xfedcba9876543210L;

  private static EthMessage roundTrip(int version, EthMessage m) {
    EthMessage back = EthCodec.decode(version, m.id().code(), EthCodec.encode(m));
    assertThat(EthCodec.encode(back)).isEqualTo(EthCodec.encode(m));
    return back;
  }

  private static MessageDecodeException decodeFails(int version, EthMessageId id, byte[] payload) {
    try {
      EthCodec.decode(version, id.code(), payload);
    } catch (MessageDecodeException e) {
      assertThat(e.code()).isEqualTo(id.code());
      return e;
    }
    throw new AssertionError("decoded " + Hex.encode(payload));
  }

  @Test
  void shouldRoundTripStatus68WithTotalDifficulty() {
    EthMessage s =
        new EthMessage.Status68(
            68, 1, new BigInteger("58750003716598352816469"), H1, H2,
            new ForkId(0x9f3d2254, 1746612311L));
    assertThat(roundTrip(68, s)).isEqualTo(s);
  }

  @Test
  void shouldRoundTripStatus69WithBlockRange() {
    EthMessage s =
        new EthMessage.Status69(69, 1, H2, new ForkId(0x9f3d2254, 0), 15537393, 23000000, H1);
    assertThat(roundTrip(69, s)).isEqualTo(s);
  }

  @Test
  void shouldRejectStatusInTheOtherVersionsForm() {
    byte[] s69 =
        EthCodec.encode(
            new EthMessage.Status69(69, 1, H2, new ForkId(0x9f3d2254, 0), 0, 10, H1));
    byte[] s68 =
        EthCodec.encode(
            new EthMessage.Status68(68, 1, BigInteger.TEN, H1, H2, new ForkId(0x9f3d2254, 0)));
    decodeFails(68, EthMessageId.STATUS, s69);
    decodeFails(69, EthMessageId.STATUS, s68);
  }

  @Test
  void shouldRoundTripHeaderRequestsByNumberAndHashWithFullRangeRequestId() {
    EthMessage byNumber =
        new EthMessage.GetBlockHeaders(BIG_ID, new EthMessage.Origin.Number(17), 192, 0, false);
    EthMessage byHash =
        new EthMessage.GetBlockHeaders(7, new EthMessage.Origin.ByHash(H1), 1, 3, true);
    assertThat(roundTrip(69, byNumber)).isEqualTo(byNumber);
    assertThat(roundTrip(68, byHash)).isEqualTo(byHash);
  }

  @Test
  void shouldSaturateUint64AmountAndSkipAboveLongRange() {
    RlpWriter w = new RlpWriter().startList().writeLong(1).startList().writeLong(5);
    w.writeBigInteger(new BigInteger("ffffffffffffffff", 16));
    w.writeBigInteger(new BigInteger("ffffffffffffffff", 16));
    byte[] payload = w.writeLong(0).endList().endList().toByteArray();
    EthMessage.GetBlockHeaders g =
        (EthMessage.GetBlockHeaders)
            EthCodec.decode(69, EthMessageId.GET_BLOCK_HEADERS.code(), payload);
    assertThat(g.amount()).isEqualTo(Long.MAX_VALUE);
    assertThat(g.skip()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldRejectReverseFlagOtherThanZeroOrOne() {
    RlpWriter w = new RlpWriter().startList().writeLong(1).startList().writeLong(5);
    byte[] payload = w.writeLong(1).writeLong(0).writeLong(2).endList().endList().toByteArray();
    assertThat(decodeFails(69, EthMessageId.GET_BLOCK_HEADERS, payload))
        .hasMessageContaining("reverse");
  }

  @Test
  void shouldRoundTripRealHeadersOfEveryForkLayout() {
    List<BlockHeader> headers =
        WireFixtures.execApisChain().stream().map(Block::header).collect(Collectors.toList());
    EthMessage m = new EthMessage.BlockHeaders(42, headers);
    EthMessage.BlockHeaders back = (EthMessage.BlockHeaders) roundTrip(69, m);
    assertThat(back.headers()).isEqualTo(headers);
    assertThat(back.headers()).extracting(BlockHeader::fieldCount).contains(15, 16, 17, 20, 21);
  }

  @Test
  void shouldKeepRawBodiesByteForByteAndDecodeThemOnDemand() {
    List<Block> chain = WireFixtures.execApisChain();
    List<byte[]> raw = new ArrayList<>();
    for (Block b : chain) {
      raw.add(b.body().encode());
    }
    EthMessage.BlockBodies back =
        (EthMessage.BlockBodies) roundTrip(69, new EthMessage.BlockBodies(3, raw));
    for (int i = 0; i < raw.size(); i++) {
      assertThat(back.rawBodies().get(i)).isEqualTo(raw.get(i));
    }
    assertThat(back.decodeBodies()).hasSize(45);
    assertThat(back.decodeBodies().get(44).transactionsRoot())
        .isEqualTo(chain.get(44).header().transactionsRoot());
  }

  @Test
  void shouldReportMalformedBodyAsDecodeErrorOnDemand() {
    EthMessage.BlockBodies b =
        (EthMessage.BlockBodies)
            EthCodec.decode(
                69,
                EthMessageId.BLOCK_BODIES.code(),
                EthCodec.encode(new EthMessage.BlockBodies(1, List.of(Hex.decode("c180")))));
    assertThatThrownBy(b::decodeBodies).isInstanceOf(MessageDecodeException.class);
  }

  @Test
  void shouldRoundTripHashRequests() {
    EthMessage bodies = new EthMessage.GetBlockBodies(BIG_ID, List.of(H1, H2));
    EthMessage receipts = new EthMessage.GetReceipts(9, List.of(H2));
    assertThat(roundTrip(68, bodies)).isEqualTo(bodies);
    assertThat(roundTrip(69, receipts)).isEqualTo(receipts);
  }

  @Test
  void shouldDecodeRealMainnetReceiptsInBothFormsToTheSameStoredForm() {
    for (MainnetBlock b : TestVectors.mainnetBlocks()) {
      byte[] p68 = EthCodec.encodeRawList(new RlpWriter(), 5, List.of(b.receipts68()));
      byte[] p69 = EthCodec.encodeRawList(new RlpWriter(), 5, List.of(b.receipts69()));
      EthMessage.Receipts r68 =
          (EthMessage.Receipts) EthCodec.decode(68, EthMessageId.RECEIPTS.code(), p68);
      EthMessage.Receipts r69 =
          (EthMessage.Receipts) EthCodec.decode(69, EthMessageId.RECEIPTS.code(), p69);
      assertThat(r68.form()).isEqualTo(ReceiptCodec.Form.ETH68);
      assertThat(r68.blocks().get(0).eth69Rlp()).as("block %s", b).isEqualTo(b.receipts69());
      assertThat(r69.blocks().get(0).eth69Rlp()).as("block %s", b).isEqualTo(b.receipts69());
      assertThat(r68.blocks().get(0).receipts()).isEqualTo(r69.blocks().get(0).receipts());
      // re-encoding for an eth/68 peer reproduces the original bytes
      assertThat(EthCodec.encode(r68)).isEqualTo(p68);
      assertThat(EthCodec.encode(r69)).isEqualTo(p69);
    }
  }

  @Test
  void shouldRejectEth68ReceiptsOnAnEth69Connection() {
    MainnetBlock b =
        TestVectors.mainnetBlocks().stream()
            .filter(x -> x.receipts68().length > 10)
            .findFirst()
            .orElseThrow();
    byte[] p68 = EthCodec.encodeRawList(new RlpWriter(), 5, List.of(b.receipts68()));
    decodeFails(69, EthMessageId.RECEIPTS, p68);
  }

  @Test
  void shouldRoundTripBlockRangeUpdateOnEth69Only() {
    EthMessage u = new EthMessage.BlockRangeUpdate(0, 100, H1);
    assertThat(roundTrip(69, u)).isEqualTo(u);
    decodeFails(68, EthMessageId.BLOCK_RANGE_UPDATE, EthCodec.encode(u));
  }

  @Test
  void shouldRejectBlockRangeUpdateWithEarliestAboveLatestAsBreach() {
    byte[] payload =
        new RlpWriter().startList().writeLong(101).writeLong(100).writeBytes(H1.toArray())
            .endList().toByteArray();
    assertThat(decodeFails(69, EthMessageId.BLOCK_RANGE_UPDATE, payload))
        .hasMessageContaining("above latest");
  }

  @Test
  void shouldRecogniseGossipByOuterShapeOnly() {
    byte[] anyList = Hex.decode("c3c20102");
    assertThat(EthCodec.decode(68, 0x01, anyList)).isEqualTo(new EthMessage.NewBlockHashes(4));
    assertThat(EthCodec.decode(68, 0x02, anyList)).isEqualTo(new EthMessage.Transactions(4));
    assertThat(EthCodec.decode(68, 0x07, anyList)).isEqualTo(new EthMessage.NewBlock(4));
    assertThat(EthCodec.decode(69, 0x08, anyList))
        .isEqualTo(new EthMessage.NewPooledTransactionHashes(4));
    byte[] req = EthCodec.encode(new EthMessage.GetPooledTransactions(BIG_ID, 0));
    assertThat(EthCodec.decode(69, 0x09, req))
        .isEqualTo(new EthMessage.GetPooledTransactions(BIG_ID, req.length));
    assertThat(EthCodec.decode(69, 0x0a, req))
        .isEqualTo(new EthMessage.PooledTransactions(BIG_ID, req.length));
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0b, 0x0c, 0x0d, 0x0e, 0x12, 0x20})
  void shouldRejectCodesOutsideTheProtocol(int code) {
    assertThatThrownBy(() -> EthCodec.decode(69, code, Hex.decode("c0")))
        .isInstanceOf(MessageDecodeException.class)
        .hasMessageContaining("no such message");
  }

  @Test
  void shouldRejectHashListOverTheItemLimit() {
    List<Hash> hashes = new ArrayList<>();
    for (int i = 0; i <= EthCodec.MAX_ITEMS; i++) {
      hashes.add(H1);
    }
    byte[] ok = EthCodec.encode(new EthMessage.GetBlockBodies(1, hashes.subList(0, 1024)));
    assertThat(EthCodec.decode(69, 0x05, ok)).isNotNull();
    byte[] over = EthCodec.encode(new EthMessage.GetReceipts(1, hashes));
    assertThat(decodeFails(69, EthMessageId.GET_RECEIPTS, over)).hasMessageContaining("exceeds");
  }

  @Test
  void shouldRejectTruncatedTrailingAndWronglyTypedPayloads() {
    byte[] good = EthCodec.encode(new EthMessage.GetBlockBodies(1, List.of(H1, H2)));
    for (int len = 0; len < good.length; len++) {
      decodeFails(69, EthMessageId.GET_BLOCK_BODIES, Arrays.copyOf(good, len));
    }
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    decodeFails(69, EthMessageId.GET_BLOCK_BODIES, trailing);
    // a 31-byte "hash"
    byte[] shortHash =
        new RlpWriter().startList().writeLong(1).startList().writeBytes(new byte[31]).endList()
            .endList().toByteArray();
    decodeFails(69, EthMessageId.GET_BLOCK_BODIES, shortHash);
    // request id as a list
    byte[] idList =
        new RlpWriter().startList().startList().endList().startList().endList().endList()
            .toByteArray();
    decodeFails(69, EthMessageId.GET_RECEIPTS, idList);
    // request id over 64 bits
    byte[] bigId =
        new RlpWriter().startList().writeBytes(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0})
            .startList().endList().endList().toByteArray();
    decodeFails(69, EthMessageId.GET_RECEIPTS, bigId);
    // a body that is a string, a header that is garbage
    decodeFails(69, EthMessageId.BLOCK_BODIES, Hex.decode("c401c28001"));
    decodeFails(69, EthMessageId.BLOCK_HEADERS, Hex.decode("c401c2c001"));
    // status with a missing field
    decodeFails(69, EthMessageId.STATUS, Hex.decode("c24501"));
  }
}
