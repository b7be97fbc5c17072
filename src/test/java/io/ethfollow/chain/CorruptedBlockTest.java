package io.ethfollow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each corruption of a real block must fail the specific check that covers it, and only the expected ones. */
class CorruptedBlockTest {
  /** Prague block with tx types 0-4, 16 withdrawals and 714 logs. */
  private static final long PRAGUE = 22_869_878L;
  /** London-rules PoW block with one uncle. */
  private static final long WITH_UNCLE = 14_764_013L;

  /** Loaded once: parsing the JSON vectors dominates this class's run time. */
  private static final List<TestVectors.MainnetBlock> VECTORS = TestVectors.mainnetBlocks();

  private static TestVectors.MainnetBlock vector(long number) {
    return VECTORS.stream()
        .filter(b -> b.number() == number)
        .findFirst()
        .orElseThrow();
  }

  private final TestVectors.MainnetBlock prague = vector(PRAGUE);
  private final BlockHeader header = BlockHeader.decode(prague.headerRlp());
  private final BlockBody body = BlockBody.decode(prague.bodyRlp());
  private final List<Receipt> receipts = ReceiptCodec.decodeEth69(prague.receipts69());

  private static List<String> failedNames(VerificationReport report) {
    List<String> names = new ArrayList<>();
    for (CheckResult c : report.failures()) {
      names.add(c.name());
    }
    return names;
  }

  @Test
  void acceptsTheUncorruptedBlock() {
    assertThat(BlockVerifier.verify(header, body, receipts).passed()).isTrue();
  }

  @Test
  void rejectsBodyWhoseTransactionHasAFlippedByte() {
    List<Transaction> txs = new ArrayList<>(body.transactions());
    byte[] bytes = txs.get(5).encoded().clone();
    bytes[bytes.length - 1] ^= 0x01; // last byte of s: the structure stays valid
    txs.set(5, Transaction.decode(bytes));
    BlockBody corrupted = new BlockBody(txs, body.uncles(), body.withdrawals());

    VerificationReport report = BlockVerifier.verify(header, corrupted, receipts);

    assertThat(report.passed()).isFalse();
    assertThat(failedNames(report)).containsExactly("transactionsRoot");
    CheckResult failure = report.firstFailure().orElseThrow();
    assertThat(failure.expected()).isEqualTo(header.transactionsRoot().toHex());
    assertThat(failure.actual()).isEqualTo(TrieRoot.ordered(corrupted.transactionEncodings()).toHex());
    assertThat(failure.check()).isEqualTo(BlockCheck.TRANSACTIONS_ROOT);
    assertThat(failure.check().part()).isEqualTo(BlockCheck.Part.BODY);
  }

  @Test
  void rejectsBodyWithADroppedTransaction() {
    List<Transaction> txs = new ArrayList<>(body.transactions());
    txs.remove(txs.size() - 1);
    BlockBody corrupted = new BlockBody(txs, body.uncles(), body.withdrawals());

    VerificationReport report = BlockVerifier.verify(header, corrupted, receipts);

    assertThat(failedNames(report)).containsExactly("transactionsRoot", "receiptCount");
    assertThat(report.result(BlockCheck.RECEIPT_COUNT).orElseThrow().expected()).isEqualTo("300");
    assertThat(report.result(BlockCheck.RECEIPT_COUNT).orElseThrow().actual()).isEqualTo("301");
  }

  @Test
  void rejectsReceiptsWithASwappedPair() {
    List<Receipt> swapped = new ArrayList<>(receipts);
    Collections.swap(swapped, 10, 11);

    VerificationReport report = BlockVerifier.verify(header, body, swapped);

    assertThat(report.failed(BlockCheck.RECEIPTS_ROOT)).isTrue();
    assertThat(report.failed(BlockCheck.LOGS_BLOOM)).isFalse();
    assertThat(report.failed(BlockCheck.GAS_USED)).isFalse();
    assertThat(report.failed(BlockCheck.TRANSACTIONS_ROOT)).isFalse();
  }

  @Test
  void rejectsReceiptsWhoseLogDataChanged() {
    int index = indexOfReceiptWithLogs();
    Receipt r = receipts.get(index);
    List<Log> logs = new ArrayList<>(r.logs());
    Log log = logs.get(0);
    byte[] data = log.data().clone();
    data = data.length == 0 ? new byte[] {1} : flipFirst(data);
    logs.set(0, new Log(log.address(), log.topics(), data));
    List<Receipt> corrupted = new ArrayList<>(receipts);
    corrupted.set(index, Receipt.withComputedBloom(
        r.type(), r.statusOrPostState(), r.cumulativeGasUsed(), logs));

    VerificationReport report = BlockVerifier.verify(header, body, corrupted);

    assertThat(failedNames(report)).containsExactly("receiptsRoot");
  }

  @Test
  void rejectsReceiptsWhoseLogTopicChangedInBothRootAndBloom() {
    int index = indexOfReceiptWithLogs();
    Receipt r = receipts.get(index);
    List<Log> logs = new ArrayList<>(r.logs());
    Log log = logs.get(0);
    List<Hash> topics = new ArrayList<>(log.topics());
    topics.add(0, Hash.keccakOf(new byte[] {42}));
    if (topics.size() > Log.MAX_TOPICS) {
      topics.remove(topics.size() - 1);
    }
    logs.set(0, new Log(log.address(), topics, log.data()));
    List<Receipt> corrupted = new ArrayList<>(receipts);
    corrupted.set(index, Receipt.withComputedBloom(
        r.type(), r.statusOrPostState(), r.cumulativeGasUsed(), logs));

    VerificationReport report = BlockVerifier.verify(header, body, corrupted);

    assertThat(failedNames(report)).containsExactly("receiptsRoot", "logsBloom");
  }

  @Test
  void rejectsEth68ReceiptWhoseBloomWasTamperedWith() {
    List<Receipt> from68 = new ArrayList<>(ReceiptCodec.decodeEth68(prague.receipts68()));
    Receipt r = from68.get(0);
    byte[] bloom = r.bloom().clone();
    bloom[0] ^= (byte) 0x80;
    from68.set(0, new Receipt(r.type(), r.statusOrPostState(), r.cumulativeGasUsed(), bloom, r.logs()));

    VerificationReport report = BlockVerifier.verify(header, body, from68);

    assertThat(failedNames(report)).containsExactly("receiptsRoot", "logsBloom");
  }

  @Test
  void rejectsReceiptsWithAWrongCumulativeGas() {
    List<Receipt> corrupted = new ArrayList<>(receipts);
    int last = corrupted.size() - 1;
    Receipt r = corrupted.get(last);
    corrupted.set(last, new Receipt(
        r.type(), r.statusOrPostState(), r.cumulativeGasUsed() + 1, r.bloom(), r.logs()));

    VerificationReport report = BlockVerifier.verify(header, body, corrupted);

    assertThat(failedNames(report)).containsExactly("receiptsRoot", "gasUsed");
    CheckResult gas = report.result(BlockCheck.GAS_USED).orElseThrow();
    assertThat(gas.expected()).isEqualTo(Long.toString(header.gasUsed()));
    assertThat(gas.actual()).isEqualTo(Long.toString(header.gasUsed() + 1));
  }

  @Test
  void rejectsReceiptWhoseTypeDiffersFromItsTransaction() {
    int index = -1;
    for (int i = 0; i < body.transactions().size(); i++) {
      if (body.transactions().get(i).type() == Transaction.TYPE_DYNAMIC_FEE) {
        index = i;
        break;
      }
    }
    Receipt r = receipts.get(index);
    List<Receipt> corrupted = new ArrayList<>(receipts);
    corrupted.set(index, new Receipt(
        Transaction.TYPE_ACCESS_LIST, r.statusOrPostState(), r.cumulativeGasUsed(), r.bloom(), r.logs()));

    VerificationReport report = BlockVerifier.verify(header, body, corrupted);

    assertThat(failedNames(report)).containsExactly("receiptTypes", "receiptsRoot");
    assertThat(report.result(BlockCheck.RECEIPT_TYPES).orElseThrow().actual())
        .isEqualTo("index " + index + " type 1");
  }

  @Test
  void rejectsBodyWithAMissingWithdrawal() {
    List<Withdrawal> withdrawals = new ArrayList<>(body.withdrawals());
    withdrawals.remove(3);
    BlockBody corrupted = new BlockBody(body.transactions(), body.uncles(), withdrawals);

    VerificationReport report = BlockVerifier.verify(header, corrupted, receipts);

    assertThat(failedNames(report)).containsExactly("withdrawalsRoot");
  }

  @Test
  void rejectsShanghaiBodyWithoutAWithdrawalsList() {
    BlockBody corrupted = new BlockBody(body.transactions(), body.uncles(), null);

    VerificationReport report = BlockVerifier.verifyBody(header, corrupted);

    assertThat(failedNames(report)).containsExactly("withdrawalsRoot");
    assertThat(report.firstFailure().orElseThrow().actual()).isEqualTo("absent");
  }

  @Test
  void rejectsPreShanghaiBodyCarryingWithdrawals() {
    TestVectors.MainnetBlock old = vector(WITH_UNCLE);
    BlockHeader h = BlockHeader.decode(old.headerRlp());
    BlockBody b = BlockBody.decode(old.bodyRlp());
    BlockBody corrupted = new BlockBody(b.transactions(), b.uncles(), List.of());

    VerificationReport report = BlockVerifier.verifyBody(h, corrupted);

    assertThat(failedNames(report)).containsExactly("withdrawalsRoot");
    assertThat(report.firstFailure().orElseThrow().expected()).isEqualTo("absent");
    assertThat(report.firstFailure().orElseThrow().actual()).isEqualTo(Hash.EMPTY_TRIE.toHex());
  }

  @Test
  void rejectsBodyWithAnExtraUncle() {
    TestVectors.MainnetBlock old = vector(WITH_UNCLE);
    BlockHeader h = BlockHeader.decode(old.headerRlp());
    BlockBody b = BlockBody.decode(old.bodyRlp());
    List<BlockHeader> uncles = new ArrayList<>(b.uncles());
    uncles.add(BlockHeader.decode(vector(PRAGUE).headerRlp()));
    BlockBody corrupted = new BlockBody(b.transactions(), uncles, b.withdrawals());

    VerificationReport report = BlockVerifier.verify(h, corrupted,
        ReceiptCodec.decodeEth68(old.receipts68()));

    assertThat(failedNames(report)).containsExactly("ommersHash");
  }

  @Test
  void rejectsBodyWithItsUncleRemoved() {
    TestVectors.MainnetBlock old = vector(WITH_UNCLE);
    BlockHeader h = BlockHeader.decode(old.headerRlp());
    BlockBody b = BlockBody.decode(old.bodyRlp());
    BlockBody corrupted = new BlockBody(b.transactions(), List.of(), b.withdrawals());

    VerificationReport report = BlockVerifier.verifyBody(h, corrupted);

    assertThat(failedNames(report)).containsExactly("ommersHash");
    assertThat(report.firstFailure().orElseThrow().actual()).isEqualTo(Hash.EMPTY_LIST.toHex());
  }

  @Test
  void linksConsecutiveMainnetHeadersAndRejectsGapsAndWrongParents() {
    BlockHeader parent = BlockHeader.decode(vector(19_426_586L).headerRlp());
    BlockHeader child = BlockHeader.decode(vector(19_426_587L).headerRlp());

    assertThat(BlockVerifier.verifyLink(parent, child).passed()).isTrue();

    VerificationReport wrongParent = BlockVerifier.verifyLink(header, child);
    assertThat(failedNames(wrongParent)).containsExactly("parentHash", "parentNumber");
    assertThat(wrongParent.firstFailure().orElseThrow().check().part())
        .isEqualTo(BlockCheck.Part.HEADER);

    VerificationReport reversed = BlockVerifier.verifyLink(child, parent);
    assertThat(reversed.failed(BlockCheck.PARENT_NUMBER)).isTrue();
  }

  @Test
  void reportSerialisesToJsonAsPlainFields() throws Exception {
    List<Receipt> corrupted = new ArrayList<>(receipts);
    corrupted.remove(corrupted.size() - 1);
    VerificationReport report = BlockVerifier.verify(header, body, corrupted);

    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(report));

    assertThat(json.get("number").asLong()).isEqualTo(PRAGUE);
    assertThat(json.get("hash").asText()).isEqualTo(prague.hash().toHex());
    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(json.get("checks")).hasSize(8);
    assertThat(json.size()).as("only number, hash, passed, checks").isEqualTo(4);
    var count = json.get("checks").get(3);
    assertThat(count.get("name").asText()).isEqualTo("receiptCount");
    assertThat(count.get("passed").asBoolean()).isFalse();
    assertThat(count.get("expected").asText()).isEqualTo("301");
    assertThat(count.get("actual").asText()).isEqualTo("300");
    assertThat(count.size()).isEqualTo(4);
  }

  private int indexOfReceiptWithLogs() {
    for (int i = 0; i < receipts.size(); i++) {
      if (!receipts.get(i).logs().isEmpty() && !receipts.get(i).logs().get(0).topics().isEmpty()) {
        return i;
      }
    }
    throw new AssertionError("no receipt with logs");
  }

  private static byte[] flipFirst(byte[] data) {
    data[0] ^= 0x01;
    return data;
  }
}
