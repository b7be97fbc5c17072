package io.ethfollow.chain;

/**
 * The checks {@link BlockVerifier} can run, each with the stable name used in reports and JSON.
 * Callers classify a failure by its check (for example to pick the penalty for the peer that sent the
 * body or the receipts). Immutable; thread-safe.
 */
public enum BlockCheck {
  /** Root of the transactions trie equals header.transactionsRoot. */
  TRANSACTIONS_ROOT("transactionsRoot", Part.BODY),
  /** keccak(rlp(uncles)) equals header.ommersHash. */
  OMMERS_HASH("ommersHash", Part.BODY),
  /** The body has withdrawals exactly when the header has a withdrawalsRoot, and the roots match. */
  WITHDRAWALS_ROOT("withdrawalsRoot", Part.BODY),
  /** One receipt per transaction. */
  RECEIPT_COUNT("receiptCount", Part.RECEIPTS),
  /** Each receipt has the type of its transaction. */
  RECEIPT_TYPES("receiptTypes", Part.RECEIPTS),
  /** Root of the receipts trie (consensus encodings) equals header.receiptsRoot. */
  RECEIPTS_ROOT("receiptsRoot", Part.RECEIPTS),
  /** OR of the receipt blooms equals header.logsBloom. */
  LOGS_BLOOM("logsBloom", Part.RECEIPTS),
  /** The last cumulative gas (0 without transactions) equals header.gasUsed. */
  GAS_USED("gasUsed", Part.RECEIPTS),
  /** The header has the field layout its fork requires (needs the chain's fork schedule). */
  HEADER_FIELDS("headerFields", Part.HEADER),
  /** child.parentHash equals parent.hash. */
  PARENT_HASH("parentHash", Part.HEADER),
  /** child.number equals parent.number + 1. */
  PARENT_NUMBER("parentNumber", Part.HEADER);

  /** Which downloaded part a failed check blames. */
  public enum Part {
    HEADER,
    BODY,
    RECEIPTS
  }

  private final String jsonName;
  private final Part part;

  BlockCheck(String jsonName, Part part) {
    this.jsonName = jsonName;
    this.part = part;
  }

  /** The name used in reports. */
  public String jsonName() {
    return jsonName;
  }

  /** The part of a block this check verifies. */
  public Part part() {
    return part;
  }

  /** The check with the given report name; throws IllegalArgumentException for an unknown name. */
  public static BlockCheck byName(String name) {
    for (BlockCheck c : values()) {
      if (c.jsonName.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown check " + name);
  }
}
