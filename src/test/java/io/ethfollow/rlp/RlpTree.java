package io.ethfollow.rlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Test helper: an RLP item as a plain Java tree ({@code byte[]} for a string, {@code List<Object>} for
 * a list), with a generic strict decode, an encode, deep equality and a seeded random generator.
 */
final class RlpTree {
  private RlpTree() {}

  /** Decodes exactly one item filling {@code encoded}, recursively, rejecting trailing bytes. */
  static Object decode(byte[] encoded) {
    RlpReader r = new RlpReader(encoded);
    Object item = next(r);
    r.ensureDone();
    return item;
  }

  /** Decodes the item at the reader's cursor and everything inside it. */
  static Object next(RlpReader r) {
    if (!r.nextIsList()) {
      return r.readBytes();
    }
    RlpReader inner = r.readList();
    List<Object> items = new ArrayList<>();
    while (inner.hasNext()) {
      items.add(next(inner));
    }
    return items;
  }

  static byte[] encode(Object tree) {
    RlpWriter w = new RlpWriter();
    write(w, tree);
    return w.toByteArray();
  }

  static void write(RlpWriter w, Object tree) {
    if (tree instanceof byte[] bytes) {
      w.writeBytes(bytes);
    } else {
      w.startList();
      for (Object child : (List<?>) tree) {
        write(w, child);
      }
      w.endList();
    }
  }

  static boolean deepEquals(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * A random tree at most {@code maxDepth} lists deep. String lengths are drawn so that every header
   * form shows up: single bytes below and above 0x80, short strings (0..55) and long strings (56..
   * 1100, which needs a two-byte length); lists get up to 12 children, so long-form list headers occur
   * once children are long.
   */
  static Object random(Random rnd, int maxDepth) {
    if (maxDepth == 0 || rnd.nextInt(3) == 0) {
      return randomBytes(rnd);
    }
    int n = rnd.nextInt(13);
    List<Object> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(random(rnd, maxDepth - 1));
    }
    return items;
  }

  private static byte[] randomBytes(Random rnd) {
    int kind = rnd.nextInt(4);
    int length;
    if (kind == 0) {
      length = 1;
    } else if (kind == 1 || kind == 2) {
      length = rnd.nextInt(56);
    } else {
      length = 56 + rnd.nextInt(1045);
    }
    byte[] b = new byte[length];
    rnd.nextBytes(b);
    return b;
  }
}
