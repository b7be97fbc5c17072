package io.ethfollow.chain;

import io.ethfollow.rlp.Hex;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a decoded body (and optionally its receipts) is the one a header commits to, and that a
 * header links to its parent. Pure functions over already-decoded values: nothing is decoded twice,
 * no signature is recovered, and every check runs (no early exit) so a report names every failure.
 * Cost per block is one trie root per list plus one keccak per log address and topic already paid at
 * eth/69 decode. Stateless and thread-safe; called by the ingest pipeline, {@code ethfollow verify}
 * and {@code ethfollow block check}.
 */
public final class BlockVerifier {
  /** Report value for a withdrawals root on a side that has none (pre-Shanghai header or body). */
  private static final String ABSENT = "absent";

  private BlockVerifier() {}

  /** Checks the body against the header: transactions root, ommers hash, withdrawals root. */
  public static VerificationReport verifyBody(BlockHeader header, BlockBody body) {
    List<CheckResult> checks = new ArrayList<>(3);
    addBodyChecks(header, body, checks);
    return VerificationReport.of(header, checks);
  }

  /** Checks receipts against the header and the body's transactions (count and types). */
  public static VerificationReport verifyReceipts(
      BlockHeader header, List<Transaction> transactions, List<Receipt> receipts) {
    return verifyReceipts(header, transactions, receipts, null);
  }

  /**
   * As {@link #verifyReceipts(BlockHeader, List, List)}, with the receipts trie root already computed
   * by the caller from exactly these receipts ({@code null}: computed here); it is still compared
   * with the header's receiptsRoot.
   */
  public static VerificationReport verifyReceipts(
      BlockHeader header, List<Transaction> transactions, List<Receipt> receipts, Hash receiptsRoot) {
    List<CheckResult> checks = new ArrayList<>(5);
    addReceiptChecks(header, transactions, receipts, receiptsRoot, checks);
    return VerificationReport.of(header, checks);
  }

  /**
   * Checks body and, when {@code receipts} is not null, receipts: every check of
   * {@link #verifyBody} and {@link #verifyReceipts} in one report.
   */
  public static VerificationReport verify(BlockHeader header, BlockBody body, List<Receipt> receipts) {
    return verify(header, body, receipts, null);
  }

  /**
   * As {@link #verify(BlockHeader, BlockBody, List)}, with the receipts trie root already computed
   * by the caller from exactly these receipts (the ingest path computes it once when the answer
   * arrives, to match it to its header); it is still compared with the header's receiptsRoot here.
   * {@code receiptsRoot} null: computed here.
   */
  public static VerificationReport verify(
      BlockHeader header, BlockBody body, List<Receipt> receipts, Hash receiptsRoot) {
    List<CheckResult> checks = new ArrayList<>(8);
    addBodyChecks(header, body, checks);
    if (receipts != null) {
      addReceiptChecks(header, body.transactions(), receipts, receiptsRoot, checks);
    }
    return VerificationReport.of(header, checks);
  }

  /** Checks that {@code child} directly follows {@code parent}: parent hash and number. */
  public static VerificationReport verifyLink(BlockHeader parent, BlockHeader child) {
    List<CheckResult> checks = new ArrayList<>(2);
    checks.add(CheckResult.of(BlockCheck.PARENT_HASH, parent.hash(), child.parentHash()));
    checks.add(CheckResult.of(BlockCheck.PARENT_NUMBER, parent.number() + 1, child.number()));
    return VerificationReport.of(child, checks);
  }

  /**
   * Checks that the header has exactly the fields its fork requires on this chain (for example a
   * block after Cancun must carry the blob-gas fields and the beacon root, and none after Prague may
   * lack requestsHash). A header with the wrong layout hashes fine but is not a valid block.
   */
  public static VerificationReport verifyHeaderLayout(ChainSpec spec, BlockHeader header) {
    int expected = spec.expectedHeaderFieldCount(header.number(), header.timestamp());
    return VerificationReport.of(
        header,
        List.of(CheckResult.of(BlockCheck.HEADER_FIELDS, expected, header.fieldCount())));
  }

  private static void addBodyChecks(BlockHeader header, BlockBody body, List<CheckResult> checks) {
    checks.add(CheckResult.of(
        BlockCheck.TRANSACTIONS_ROOT, header.transactionsRoot(), body.transactionsRoot()));
    checks.add(CheckResult.of(BlockCheck.OMMERS_HASH, header.ommersHash(), body.ommersHash()));
    Hash expected = header.withdrawalsRoot();
    Hash actual = body.withdrawalsRoot();
    checks.add(CheckResult.of(
        BlockCheck.WITHDRAWALS_ROOT,
        expected == null ? ABSENT : expected,
        actual == null ? ABSENT : actual));
  }

  private static void addReceiptChecks(
      BlockHeader header,
      List<Transaction> txs,
      List<Receipt> receipts,
      Hash knownRoot,
      List<CheckResult> checks) {
    checks.add(CheckResult.of(BlockCheck.RECEIPT_COUNT, txs.size(), receipts.size()));
    checks.add(typesCheck(txs, receipts));

    List<byte[]> encodings = knownRoot == null ? new ArrayList<>(receipts.size()) : null;
    byte[] bloom = new byte[Bloom.SIZE];
    for (Receipt r : receipts) {
      if (encodings != null) {
        encodings.add(r.consensusEncoding());
      }
      Bloom.or(bloom, r.bloom());
    }
    Hash root = knownRoot != null ? knownRoot : TrieRoot.ordered(encodings);
    checks.add(CheckResult.of(BlockCheck.RECEIPTS_ROOT, header.receiptsRoot(), root));
    checks.add(CheckResult.of(
        BlockCheck.LOGS_BLOOM, Hex.encode(header.logsBloom()), Hex.encode(bloom)));
    long gasUsed = receipts.isEmpty() ? 0 : receipts.get(receipts.size() - 1).cumulativeGasUsed();
    checks.add(CheckResult.of(BlockCheck.GAS_USED, header.gasUsed(), gasUsed));
  }

  /** Passes when every paired receipt has its transaction's type; otherwise names the first mismatch. */
  private static CheckResult typesCheck(List<Transaction> txs, List<Receipt> receipts) {
    int n = Math.min(txs.size(), receipts.size());
    for (int i = 0; i < n; i++) {
      int txType = txs.get(i).type();
      int receiptType = receipts.get(i).type();
      if (txType != receiptType) {
        return new CheckResult(BlockCheck.RECEIPT_TYPES.jsonName(), false,
            "index " + i + " type " + txType, "index " + i + " type " + receiptType);
      }
    }
    return new CheckResult(BlockCheck.RECEIPT_TYPES.jsonName(), true, "all match", "all match");
  }
}
