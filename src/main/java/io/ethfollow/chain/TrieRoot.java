package io.ethfollow.chain;

import io.ethfollow.rlp.Rlp;
import io.ethfollow.rlp.RlpWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes Merkle-Patricia trie roots from a complete key/value set in one pass, without building a
 * node store: keys are sorted, then branches, extensions and leaves are emitted bottom-up. Used for
 * the transactions, receipts and withdrawals roots (keys rlp(index)) and for the genesis state root
 * (secure trie: keys keccak(address) or keccak(slot)). Stateless and thread-safe.
 */
public final class TrieRoot {
  private TrieRoot() {}

  /** Root of the trie keyed by rlp(i) holding {@code values.get(i)} (consensus encodings). */
  public static Hash ordered(List<byte[]> values) {
    List<Entry> entries = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      entries.add(new Entry(Rlp.encodeLong(i), values.get(i)));
    }
    return of(entries);
  }

  /** Root of the trie holding the given entries; keys must be distinct, values non-empty. */
  public static Hash of(List<Entry> entries) {
    if (entries.isEmpty()) {
      return Hash.EMPTY_TRIE;
    }
    Entry[] sorted = entries.toArray(new Entry[0]);
    Arrays.sort(sorted, (a, b) -> Arrays.compareUnsigned(a.nibbles, b.nibbles));
    for (int i = 1; i < sorted.length; i++) {
      if (Arrays.equals(sorted[i - 1].nibbles, sorted[i].nibbles)) {
        throw new IllegalArgumentException("duplicate trie key");
      }
    }
    byte[] rootNode = node(sorted, 0, sorted.length, 0);
    return Hash.keccakOf(rootNode);
  }

  /** A key/value pair to put in the trie. */
  public static final class Entry {
    final byte[] nibbles;
    final byte[] value;

    public Entry(byte[] key, byte[] value) {
      this.nibbles = toNibbles(key);
      this.value = value;
    }
  }

  /** RLP encoding of the node covering sorted[from, to) whose keys share the first depth nibbles. */
  private static byte[] node(Entry[] sorted, int from, int to, int depth) {
    if (to - from == 1) {
      Entry e = sorted[from];
      RlpWriter w = new RlpWriter(e.value.length + 48).startList();
      w.writeBytes(hexPrefix(e.nibbles, depth, e.nibbles.length, true));
      w.writeBytes(e.value);
      return w.endList().toByteArray();
    }
    int common = commonPrefix(sorted[from].nibbles, sorted[to - 1].nibbles, depth);
    if (common > depth) {
      byte[] child = node(sorted, from, to, common);
      RlpWriter w = new RlpWriter(64).startList();
      w.writeBytes(hexPrefix(sorted[from].nibbles, depth, common, false));
      writeRef(w, child);
      return w.endList().toByteArray();
    }
    RlpWriter w = new RlpWriter(17 * 33 + 8).startList();
    byte[] branchValue = null;
    int i = from;
    if (sorted[i].nibbles.length == depth) {
      branchValue = sorted[i].value;
      i++;
    }
    for (int nibble = 0; nibble < 16; nibble++) {
      int start = i;
      while (i < to && sorted[i].nibbles[depth] == nibble) {
        i++;
      }
      if (start == i) {
        w.writeBytes(new byte[0]);
      } else {
        writeRef(w, node(sorted, start, i, depth + 1));
      }
    }
    w.writeBytes(branchValue == null ? new byte[0] : branchValue);
    return w.endList().toByteArray();
  }

  /** Children under 32 bytes are embedded; larger ones are referenced by hash. */
  private static void writeRef(RlpWriter w, byte[] child) {
    if (child.length < 32) {
      w.writeRaw(child);
    } else {
      w.writeBytes(Keccak.hash(child));
    }
  }

  private static int commonPrefix(byte[] a, byte[] b, int depth) {
    int max = Math.min(a.length, b.length);
    int i = depth;
    while (i < max && a[i] == b[i]) {
      i++;
    }
    return i;
  }

  /** Compact (hex-prefix) encoding of nibbles[from, to) with the leaf flag. */
  static byte[] hexPrefix(byte[] nibbles, int from, int to, boolean leaf) {
    int len = to - from;
    boolean odd = (len & 1) == 1;
    byte[] out = new byte[len / 2 + 1];
    int flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
    int n = from;
    if (odd) {
      out[0] = (byte) ((flag << 4) | nibbles[n++]);
    } else {
      out[0] = (byte) (flag << 4);
    }
    for (int i = 1; i < out.length; i++) {
      out[i] = (byte) ((nibbles[n] << 4) | nibbles[n + 1]);
      n += 2;
    }
    return out;
  }

  private static byte[] toNibbles(byte[] key) {
    byte[] out = new byte[key.length * 2];
    for (int i = 0; i < key.length; i++) {
      out[2 * i] = (byte) ((key[i] >> 4) & 0xf);
      out[2 * i + 1] = (byte) (key[i] & 0xf);
    }
    return out;
  }
}
