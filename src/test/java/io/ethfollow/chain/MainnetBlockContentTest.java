package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.rlp.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Decodes and verifies the content of every real mainnet block vector, one era per file. */
class MainnetBlockContentTest {
  static List<TestVectors.MainnetBlock> blocks() {
    return TestVectors.mainnetBlocks();
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void transactionCountAndHashesMatchTheVector(TestVectors.MainnetBlock b) {
    BlockBody body = BlockBody.decode(b.bodyRlp());
    List<String> expected = new ArrayList<>();
    for (JsonNode h : b.json().get("tx_hashes")) {
      expected.add(h.asText());
    }
    List<String> actual = new ArrayList<>();
    for (Transaction tx : body.transactions()) {
      actual.add(tx.hash().toHex());
    }
    assertThat(actual).containsExactlyElementsOf(expected);
    assertThat(body.transactions()).hasSize(b.json().get("counts").get("transactions").asInt());
    assertThat(body.uncles()).hasSize(b.json().get("counts").get("uncles").asInt());
    JsonNode withdrawals = b.json().get("counts").get("withdrawals");
    if (withdrawals.isNull()) {
      assertThat(body.withdrawals()).isNull();
    } else {
      assertThat(body.withdrawals()).hasSize(withdrawals.asInt());
    }
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void transactionTypesMatchTheVectorCounts(TestVectors.MainnetBlock b) {
    BlockBody body = BlockBody.decode(b.bodyRlp());
    JsonNode types = b.json().get("counts").get("tx_types");
    int[] counts = new int[5];
    for (Transaction tx : body.transactions()) {
      counts[tx.type()]++;
    }
    for (int t = 0; t < counts.length; t++) {
      JsonNode n = types.get(Integer.toString(t));
      assertThat(counts[t]).as("type %d", t).isEqualTo(n == null ? 0 : n.asInt());
    }
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void everyCheckPassesWithEth68Receipts(TestVectors.MainnetBlock b) {
    BlockHeader header = BlockHeader.decode(b.headerRlp());
    BlockBody body = BlockBody.decode(b.bodyRlp());
    VerificationReport report =
        BlockVerifier.verify(header, body, ReceiptCodec.decodeEth68(b.receipts68()));
    assertThat(report.failures()).isEmpty();
    assertThat(report.passed()).isTrue();
    assertThat(report.checks()).extracting(CheckResult::name).containsExactly(
        "transactionsRoot", "ommersHash", "withdrawalsRoot", "receiptCount", "receiptTypes",
        "receiptsRoot", "logsBloom", "gasUsed");
    assertThat(report.hash()).isEqualTo(b.hash().toHex());
    assertThat(report.number()).isEqualTo(b.number());
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void eth69ReceiptsWithRecomputedBloomsReproduceTheReceiptsRootAndBloom(TestVectors.MainnetBlock b) {
    BlockHeader header = BlockHeader.decode(b.headerRlp());
    List<Receipt> receipts = ReceiptCodec.decodeEth69(b.receipts69());
    List<byte[]> consensus = ReceiptCodec.consensusEncodings(receipts);
    assertThat(TrieRoot.ordered(consensus)).isEqualTo(header.receiptsRoot());
    VerificationReport report =
        BlockVerifier.verifyReceipts(header, BlockBody.decode(b.bodyRlp()).transactions(), receipts);
    assertThat(report.failures()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void bothReceiptFormsDecodeToTheSameReceipts(TestVectors.MainnetBlock b) {
    List<Receipt> from68 = ReceiptCodec.decodeEth68(b.receipts68());
    List<Receipt> from69 = ReceiptCodec.decodeEth69(b.receipts69());
    assertThat(from69).containsExactlyElementsOf(from68);
    assertThat(ReceiptCodec.decode(b.receipts68())).isEqualTo(from68);
    assertThat(ReceiptCodec.decode(b.receipts69())).isEqualTo(from69);
    if (!from68.isEmpty()) {
      assertThat(ReceiptCodec.detect(b.receipts68())).isEqualTo(ReceiptCodec.Form.ETH68);
      assertThat(ReceiptCodec.detect(b.receipts69())).isEqualTo(ReceiptCodec.Form.ETH69);
    }
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void reEncodingReceiptsIsByteIdenticalInBothForms(TestVectors.MainnetBlock b) {
    List<Receipt> receipts = ReceiptCodec.decodeEth69(b.receipts69());
    assertThat(Hex.encode(ReceiptCodec.encodeEth68(receipts))).isEqualTo(Hex.encode(b.receipts68()));
    assertThat(Hex.encode(ReceiptCodec.encodeEth69(receipts))).isEqualTo(Hex.encode(b.receipts69()));
    for (Receipt r : receipts) {
      assertThat(ReceiptCodec.decodeConsensus(r.consensusEncoding())).isEqualTo(r);
    }
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void preByzantiumReceiptsKeepTheirPostStateRoot(TestVectors.MainnetBlock b) {
    boolean preByzantium = b.number() < 4_370_000;
    for (Receipt r : ReceiptCodec.decodeEth69(b.receipts69())) {
      assertThat(r.hasPostState()).isEqualTo(preByzantium);
    }
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void blockRlpDecodesToTheHeaderAndBodyAndReEncodesIdentically(TestVectors.MainnetBlock b) {
    Block block = Block.decode(b.blockRlp());
    BlockBody body = BlockBody.decode(b.bodyRlp());
    assertThat(block.hash()).isEqualTo(b.hash());
    assertThat(block.number()).isEqualTo(b.number());
    assertThat(block.body()).isEqualTo(body);
    assertThat(Hex.encode(block.encode())).isEqualTo(Hex.encode(b.blockRlp()));
    assertThat(Hex.encode(body.encode())).isEqualTo(Hex.encode(b.bodyRlp()));
    for (Transaction tx : body.transactions()) {
      assertThat(Transaction.decode(tx.encoded())).isEqualTo(tx);
    }
  }
}
