package io.ethfollow.devnet;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.Bloom;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Log;
import io.ethfollow.chain.Receipt;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.chain.Transaction;
import io.ethfollow.chain.TrieRoot;
import io.ethfollow.chain.Withdrawal;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates a block's transactions, receipts and withdrawals as a pure function of (seed, number,
 * branch, profile) and computes their roots and bloom. The expensive part of making a block (the
 * trie roots hash every byte), and independent of the block's parent, so several threads may run it
 * for different heights at once. Thread-safe: all state is per call, except a per-thread bloom memo
 * bounded by the pools.
 */
final class ContentGenerator {
  /** EIP-4844 gas per blob. */
  static final long GAS_PER_BLOB = 131_072;
  /** Prague's blob limit per block (EIP-7691): blob transactions never carry more in total. */
  static final int MAX_BLOBS_PER_BLOCK = 9;
  /** Purpose tag of the content stream (separates it from the header's stream). */
  private static final long STREAM_CONTENT = 0x636f6e74L;
  /** Share of transactions that revert (empty status, no logs); a few percent on mainnet. */
  private static final double FAILURE_RATE = 0.03;
  /** Share of type-2 transactions that carry an access list. */
  private static final double TYPE2_ACCESS_LIST_RATE = 0.12;
  /** Withdrawal amounts: 0.01-0.02 ETH in gwei, the usual partial (skimmed) withdrawal. */
  private static final int MIN_WITHDRAWAL_GWEI = 10_000_000;

  private static final byte[] SUCCESS = {1};
  private static final byte[] FAILURE = {};

  private final long seed;
  private final Profile profile;
  private final long gasLimit;
  private final ContentPools pools;
  private final TxFactory txs;
  private final ThreadLocal<Bloom.Memo> blooms = ThreadLocal.withInitial(Bloom.Memo::new);

  ContentGenerator(long seed, Profile profile, long chainId, long gasLimit) {
    this.seed = seed;
    this.gasLimit = gasLimit;
    this.profile = profile;
    this.pools = new ContentPools(seed);
    this.txs = new TxFactory(pools, chainId);
  }

  ContentPools pools() {
    return pools;
  }

  /** Block {@code number}'s content on {@code branch}. */
  BlockContent generate(long number, long branch) {
    Rng r = new Rng(seed, number, branch, STREAM_CONTENT);
    Bloom.Memo memo = blooms.get();
    int count = r.between(profile.minTxs(), profile.maxTxs());
    int[] types = types(r, count);
    List<Transaction> transactions = new ArrayList<>(count);
    List<Receipt> receipts = new ArrayList<>(count);
    byte[] bloom = new byte[Bloom.SIZE];
    long gas = 0;
    int blobsLeft = MAX_BLOBS_PER_BLOCK;
    long blobGas = 0;
    int logCount = 0;
    for (int i = 0; i < count; i++) {
      int type = types[i];
      if (type == Transaction.TYPE_BLOB && blobsLeft == 0) {
        type = Transaction.TYPE_DYNAMIC_FEE; // the block's blob space is used up
      }
      TxKind kind = kindOf(r, type);
      if (gas + kind.maxGas > gasLimit) {
        // Never in practice (blocks use about half the limit), but a block must not exceed it.
        if (gas + TxKind.TRANSFER.maxGas > gasLimit) {
          count = i;
          break;
        }
        kind = TxKind.TRANSFER;
      }
      int words = scaled(r.between(kind.minWords, kind.maxWords));
      byte[] data = kind == TxKind.TRANSFER ? new byte[0] : pools.calldata(r, words);
      long used = r.between(kind.minGas, kind.maxGas);
      int blobs = 0;
      if (type == Transaction.TYPE_BLOB) {
        blobs = Math.min(blobsLeft, r.between(1, 6));
        blobsLeft -= blobs;
        blobGas += blobs * GAS_PER_BLOB;
      }
      int auths = type == Transaction.TYPE_SET_CODE ? r.between(1, 3) : 0;
      long limit = used + used * r.between(5, 50) / 100;
      boolean accessList = type == Transaction.TYPE_DYNAMIC_FEE ? r.chance(TYPE2_ACCESS_LIST_RATE) : r.chance(0.1);
      transactions.add(txs.create(r, type, data, limit, blobs, auths, accessList));
      gas += used;
      boolean ok = !r.chance(FAILURE_RATE);
      List<Log> logs = ok ? logs(r, kind) : List.of();
      logCount += logs.size();
      byte[] receiptBloom = memo.of(logs);
      Bloom.or(bloom, receiptBloom);
      receipts.add(new Receipt(type, ok ? SUCCESS : FAILURE, gas, receiptBloom, logs));
    }
    List<Withdrawal> withdrawals = withdrawals(r, number);
    BlockBody body = new BlockBody(transactions, List.of(), withdrawals);
    return new BlockContent(
        number,
        branch,
        body.encode(),
        ReceiptCodec.encodeEth69(receipts),
        body.transactionsRoot(),
        TrieRoot.ordered(ReceiptCodec.consensusEncodings(receipts)),
        body.withdrawalsRoot(),
        bloom,
        gas,
        blobGas,
        transactions.size(),
        logCount);
  }

  /**
   * Transaction types in block order. Small blocks pick any of the five types uniformly so every type
   * appears within a few blocks; mainnet blocks hold 0-6 blob transactions and 0-3 set-code ones at
   * random positions, and otherwise 18% legacy, 3% access-list, 79% dynamic-fee transactions.
   */
  private int[] types(Rng r, int count) {
    int[] types = new int[count];
    if (!profile.mainnetMix()) {
      for (int i = 0; i < count; i++) {
        types[i] = r.nextInt(5);
      }
      return types;
    }
    for (int i = 0; i < count; i++) {
      int k = r.nextInt(100);
      types[i] = k < 18 ? Transaction.TYPE_LEGACY : k < 21 ? Transaction.TYPE_ACCESS_LIST : Transaction.TYPE_DYNAMIC_FEE;
    }
    int blobTxs = r.between(0, profile.maxBlobTxs());
    for (int i = 0; i < blobTxs; i++) {
      types[r.nextInt(count)] = Transaction.TYPE_BLOB;
    }
    int setCode = r.between(0, 3);
    for (int i = 0; i < setCode; i++) {
      types[r.nextInt(count)] = Transaction.TYPE_SET_CODE;
    }
    return types;
  }

  private static TxKind kindOf(Rng r, int type) {
    if (type == Transaction.TYPE_BLOB) {
      return TxKind.BLOB_POST;
    }
    if (type == Transaction.TYPE_SET_CODE) {
      return TxKind.SET_CODE;
    }
    return TxKind.ordinary(r);
  }

  /** Sizes scaled by the profile, never below one word. */
  private int scaled(int words) {
    return Math.max(1, (int) Math.round(words * profile.sizeScale()));
  }

  /**
   * The logs of a successful transaction: an event signature topic, up to three indexed addresses,
   * and 0-6 data words (Transfer-like events carry one amount, swaps several).
   */
  private List<Log> logs(Rng r, TxKind kind) {
    int n = r.between(kind.minLogs, kind.maxLogs);
    if (n == 0) {
      return List.of();
    }
    List<Log> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int indexed = r.between(0, 3);
      Hash[] topics = new Hash[1 + indexed];
      topics[0] = pools.events[Math.min(r.nextInt(ContentPools.EVENTS), r.nextInt(ContentPools.EVENTS))];
      for (int t = 1; t <= indexed; t++) {
        topics[t] = pools.accountTopics[r.nextInt(ContentPools.ACCOUNTS)];
      }
      int words = r.nextInt(100) < 55 ? 1 : scaled(r.between(2, 6));
      out.add(new Log(pools.contract(r), List.of(topics), pools.words(r, words)));
    }
    return out;
  }

  /** Withdrawals with globally increasing indexes (as the beacon chain numbers them). */
  private List<Withdrawal> withdrawals(Rng r, long number) {
    int n = profile.withdrawals();
    List<Withdrawal> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Withdrawal(
          number * n + i, r.nextInt(1_500_000), pools.account(r),
          MIN_WITHDRAWAL_GWEI + r.nextInt(MIN_WITHDRAWAL_GWEI)));
    }
    return out;
  }
}
