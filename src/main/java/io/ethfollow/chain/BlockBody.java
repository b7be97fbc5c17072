package io.ethfollow.chain;

import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A block body as one eth BlockBodies item: rlp([transactions, uncles]) before Shanghai and
 * rlp([transactions, uncles, withdrawals]) from Shanghai on. {@code withdrawals} is null when the body
 * has no withdrawals list (an empty list is not the same thing: it is what the first Shanghai blocks
 * carry). Immutable and thread-safe.
 */
public record BlockBody(
    List<Transaction> transactions, List<BlockHeader> uncles, List<Withdrawal> withdrawals) {
  /** Pre-Shanghai body: transactions and uncles. */
  private static final int FIELDS_PRE_SHANGHAI = 2;
  /** Shanghai and later: plus withdrawals. */
  private static final int FIELDS_SHANGHAI = 3;

  public BlockBody {
    transactions = List.copyOf(transactions);
    uncles = List.copyOf(uncles);
    withdrawals = withdrawals == null ? null : List.copyOf(withdrawals);
  }

  /** Decodes exactly one body item. */
  public static BlockBody decode(byte[] rlp) {
    RlpReader outer = new RlpReader(rlp);
    BlockBody body = readNext(outer);
    outer.ensureDone();
    return body;
  }

  /** Reads the next body item (a list) from a BlockBodies list reader. */
  public static BlockBody readNext(RlpReader bodies) {
    RlpReader r = bodies.readList();
    int count = r.remainingItems();
    if (count != FIELDS_PRE_SHANGHAI && count != FIELDS_SHANGHAI) {
      throw new RlpException("block body must have 2 or 3 fields, found " + count);
    }
    return readFields(r, count);
  }

  /**
   * Reads transactions, uncles and (when {@code count} is 3) withdrawals from a reader positioned at
   * the transactions list, and requires the reader to be exhausted afterwards.
   */
  static BlockBody readFields(RlpReader r, int count) {
    List<Transaction> txs = Transaction.readAll(r.readList());
    RlpReader uncleList = r.readList();
    List<BlockHeader> uncles;
    if (uncleList.hasNext()) {
      List<BlockHeader> u = new ArrayList<>(2);
      while (uncleList.hasNext()) {
        u.add(BlockHeader.decodeNext(uncleList));
      }
      uncles = List.copyOf(u);
    } else {
      uncles = List.of();
    }
    List<Withdrawal> withdrawals = count == FIELDS_SHANGHAI ? Withdrawal.readAll(r.readList()) : null;
    r.ensureDone();
    return new BlockBody(txs, uncles, withdrawals);
  }

  /** Appends the fields (without the enclosing list) to a writer. */
  void writeFields(RlpWriter w) {
    w.startList();
    for (Transaction tx : transactions) {
      tx.writeTo(w);
    }
    w.endList();
    w.startList();
    for (BlockHeader uncle : uncles) {
      uncle.writeTo(w);
    }
    w.endList();
    if (withdrawals != null) {
      w.startList();
      for (Withdrawal wd : withdrawals) {
        wd.writeTo(w);
      }
      w.endList();
    }
  }

  /** The BlockBodies item encoding. */
  public byte[] encode() {
    RlpWriter w = new RlpWriter(estimatedSize()).startList();
    writeFields(w);
    return w.endList().toByteArray();
  }

  int estimatedSize() {
    int size = 64 + uncles.size() * 600;
    for (Transaction tx : transactions) {
      size += tx.encoded().length + 5;
    }
    return size + (withdrawals == null ? 0 : withdrawals.size() * 50);
  }

  /** The canonical transaction encodings, in order: the values of the transactions trie. */
  public List<byte[]> transactionEncodings() {
    List<byte[]> out = new ArrayList<>(transactions.size());
    for (Transaction tx : transactions) {
      out.add(tx.encoded());
    }
    return out;
  }

  /** keccak256(rlp(uncle headers)): what the header's ommersHash commits to. */
  public Hash ommersHash() {
    if (uncles.isEmpty()) {
      return Hash.EMPTY_LIST;
    }
    RlpWriter w = new RlpWriter(uncles.size() * 600).startList();
    for (BlockHeader uncle : uncles) {
      uncle.writeTo(w);
    }
    return Hash.keccakOf(w.endList().toByteArray());
  }

  /** Root of the transactions trie. */
  public Hash transactionsRoot() {
    return TrieRoot.ordered(transactionEncodings());
  }

  /** Root of the withdrawals trie, or null when the body has no withdrawals list. */
  public Hash withdrawalsRoot() {
    if (withdrawals == null) {
      return null;
    }
    List<byte[]> values = new ArrayList<>(withdrawals.size());
    for (Withdrawal w : withdrawals) {
      values.add(w.encode());
    }
    return TrieRoot.ordered(values);
  }
}
