package io.ethfollow.sim;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.store.BlockData;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A light verifiable chain for long virtual-time runs: blocks {@code base..base+length-1} (and the
 * anchor's parent {@code base - 1}, which every peer serves) with empty
 * Shanghai bodies (no transactions, no uncles, no withdrawals) and no receipts, so every root in the
 * headers is the correct empty root, linked by parent hash. Block {@code base + i} appears at
 * {@code t0 + i} slots (12 s unless told; its header timestamp says so). {@link #fork} makes a branch sharing
 * blocks up to a number. Immutable after construction.
 */
public final class SimChain {
  /** Mainnet's slot since the Merge; the default for {@link #create(long, int, long)}. */
  public static final long SLOT_MILLIS = 12_000;
  public static final byte[] EMPTY_BODY = new BlockBody(List.of(), List.of(), List.of()).encode();
  public static final byte[] EMPTY_RECEIPTS = ReceiptCodec.encodeEth69(List.of());

  private final long base;
  private final long t0Millis;
  private final long slotMillis;
  /** Block {@code base - 1}, the anchor's parent: every peer has it (a probe from below the anchor finds it). */
  private final BlockHeader parent;
  private final List<BlockHeader> headers;
  private final Map<Hash, BlockHeader> byHash = new HashMap<>();

  private SimChain(long base, long t0Millis, long slotMillis, BlockHeader parent, List<BlockHeader> headers) {
    this.base = base;
    this.t0Millis = t0Millis;
    this.slotMillis = slotMillis;
    this.parent = parent;
    this.headers = headers;
    byHash.put(parent.hash(), parent);
    for (BlockHeader h : headers) {
      byHash.put(h.hash(), h);
    }
  }

  /** {@code length} blocks from {@code base}; block {@code base} appears at {@code t0Millis}. */
  public static SimChain create(long base, int length, long t0Millis) {
    return create(base, length, t0Millis, SLOT_MILLIS);
  }

  /** {@code length} blocks from {@code base}, one per {@code slotMillis}; block {@code base} appears at {@code t0Millis}. */
  public static SimChain create(long base, int length, long t0Millis, long slotMillis) {
    if (slotMillis <= 0) {
      throw new IllegalArgumentException("slot must be positive, got " + slotMillis);
    }
    List<BlockHeader> below = new ArrayList<>(1);
    extend(below, base - 1, 1, Hash.keccakOf(("parent of " + base).getBytes(StandardCharsets.UTF_8)), t0Millis,
        slotMillis, base, "main");
    List<BlockHeader> out = new ArrayList<>(length);
    extend(out, base, length, below.get(0).hash(), t0Millis, slotMillis, base, "main");
    return new SimChain(base, t0Millis, slotMillis, below.get(0), out);
  }

  /** A branch: the same blocks up to {@code keepUpTo}, different ones (salted) above, as long as this chain plus {@code extra}. */
  public SimChain fork(long keepUpTo, String salt, int extra) {
    List<BlockHeader> out = new ArrayList<>(headers.subList(0, (int) (keepUpTo - base + 1)));
    int above = (int) (head() - keepUpTo) + extra;
    extend(out, keepUpTo + 1, above, out.get(out.size() - 1).hash(), t0Millis, slotMillis, base, salt);
    return new SimChain(base, t0Millis, slotMillis, parent, out);
  }

  private static void extend(List<BlockHeader> out, long from, int count, Hash parent, long t0Millis,
      long slotMillis, long base, String salt) {
    for (long n = from; n < from + count; n++) {
      BlockHeader.Fields f = new BlockHeader.Fields();
      f.parentHash = parent;
      f.number = n;
      f.gasLimit = 36_000_000;
      f.timestamp = (t0Millis + (n - base) * slotMillis) / 1000;
      f.extraData = salt.getBytes(StandardCharsets.UTF_8);
      f.baseFeePerGas = BigInteger.valueOf(7);
      f.withdrawalsRoot = Hash.EMPTY_TRIE;
      BlockHeader h = BlockHeader.create(f);
      out.add(h);
      parent = h.hash();
    }
  }

  /** Virtual millis between two blocks. */
  public long slotMillis() {
    return slotMillis;
  }

  public long base() {
    return base;
  }

  /** The highest block generated. */
  public long head() {
    return base + headers.size() - 1;
  }

  /** When block {@code n} appears (virtual epoch millis). */
  public long appearsAt(long n) {
    return t0Millis + (n - base) * slotMillis;
  }

  /** The highest block that has appeared by {@code nowMillis} (base - 1 before the first). */
  public long headAt(long nowMillis) {
    if (nowMillis < t0Millis) {
      return base - 1;
    }
    return Math.min(head(), base + (nowMillis - t0Millis) / slotMillis);
  }

  /** Block {@code n}: {@code base - 1} (the anchor's parent) up to {@link #head()}; null outside. */
  public BlockHeader header(long n) {
    if (n == base - 1) {
      return parent;
    }
    return n < base || n > head() ? null : headers.get((int) (n - base));
  }

  public BlockHeader header(Hash hash) {
    return byHash.get(hash);
  }

  public BlockData block(long n) {
    return new BlockData(header(n), EMPTY_BODY, EMPTY_RECEIPTS, List.of());
  }
}
