package io.ethfollow.devnet;

import io.ethfollow.chain.Hash;

/**
 * The recurring values of a devnet's blocks, drawn once from the seed: accounts, token and DeFi
 * contracts, event signatures, function selectors and fee recipients. Real blocks reuse a small set
 * of contracts and events, and so do ours: calldata and logs compress as on mainnet, and the logs
 * bloom of a block needs one keccak per distinct address or topic, not per occurrence (the bloom
 * memo of each generating thread stays bounded by these pools). Immutable after construction;
 * shared by every generating thread.
 */
final class ContentPools {
  /** Distinct senders/recipients; a mainnet block touches a few hundred of millions, 2048 is plenty. */
  static final int ACCOUNTS = 2048;
  /** Distinct contracts logs come from; mainnet activity concentrates on a few hundred. */
  static final int CONTRACTS = 256;
  /** Distinct event signatures (Transfer, Approval, Swap, Sync, Deposit, ...). */
  static final int EVENTS = 24;
  /** Distinct function selectors in calldata. */
  static final int SELECTORS = 64;
  /** Distinct fee recipients (block builders). */
  static final int COINBASES = 8;

  private static final int ADDRESS = 20;
  private static final int WORD = 32;
  /** Purpose tag of the pools' random stream (different from every per-block stream). */
  private static final long STREAM_POOLS = 0x706f6f6cL;

  final byte[][] accounts = new byte[ACCOUNTS][];
  final byte[][] contracts = new byte[CONTRACTS][];
  final Hash[] events = new Hash[EVENTS];
  /** Each account as a 32-byte topic (left-padded with zeros), as indexed address arguments are. */
  final Hash[] accountTopics = new Hash[ACCOUNTS];
  final byte[][] selectors = new byte[SELECTORS][];
  final byte[][] coinbases = new byte[COINBASES][];

  ContentPools(long seed) {
    Rng r = new Rng(seed, STREAM_POOLS);
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts[i] = r.bytes(ADDRESS);
      byte[] topic = new byte[WORD];
      System.arraycopy(accounts[i], 0, topic, WORD - ADDRESS, ADDRESS);
      accountTopics[i] = Hash.of(topic);
    }
    for (int i = 0; i < CONTRACTS; i++) {
      contracts[i] = r.bytes(ADDRESS);
    }
    for (int i = 0; i < EVENTS; i++) {
      events[i] = Hash.of(r.bytes(WORD));
    }
    for (int i = 0; i < SELECTORS; i++) {
      selectors[i] = r.bytes(4);
    }
    for (int i = 0; i < COINBASES; i++) {
      coinbases[i] = r.bytes(ADDRESS);
    }
  }

  byte[] account(Rng r) {
    return accounts[r.nextInt(ACCOUNTS)];
  }

  /** Contracts are picked with a skew towards the first ones, as activity is on mainnet. */
  byte[] contract(Rng r) {
    int a = r.nextInt(CONTRACTS);
    int b = r.nextInt(CONTRACTS);
    return contracts[Math.min(a, b)];
  }

  /**
   * Fills one 32-byte ABI word: an address (35%), an amount with leading zeros (30%), a small
   * integer or flag (17%) or 32 random bytes such as a hash (18%): roughly mainnet calldata's mix.
   */
  void word(Rng r, byte[] out, int off) {
    int k = r.nextInt(100);
    if (k < 35) {
      System.arraycopy(account(r), 0, out, off + WORD - ADDRESS, ADDRESS);
    } else if (k < 65) {
      int len = r.between(4, 12);
      r.fill(out, off + WORD - len, len);
    } else if (k < 82) {
      out[off + WORD - 1] = (byte) r.nextInt(256);
    } else {
      r.fill(out, off, WORD);
    }
  }

  /** A selector followed by {@code words} ABI words. */
  byte[] calldata(Rng r, int words) {
    byte[] data = new byte[4 + words * WORD];
    System.arraycopy(selectors[r.nextInt(SELECTORS)], 0, data, 0, 4);
    for (int i = 0; i < words; i++) {
      word(r, data, 4 + i * WORD);
    }
    return data;
  }

  /** {@code words} ABI words (log data). */
  byte[] words(Rng r, int words) {
    byte[] data = new byte[words * WORD];
    for (int i = 0; i < words; i++) {
      word(r, data, i * WORD);
    }
    return data;
  }
}
