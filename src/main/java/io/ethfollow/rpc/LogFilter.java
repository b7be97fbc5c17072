package io.ethfollow.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.ethfollow.chain.Bloom;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Log;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The criteria of an {@code eth_getLogs} filter object: addresses (any of; empty = any) and up to
 * four topic positions (each any of a set; an empty set = any), with the range given as
 * {@code fromBlock}/{@code toBlock} tags or a single {@code blockHash}. Matching follows geth: a log
 * with fewer topics than the filter has positions does not match. Immutable; any thread.
 */
record LogFilter(
    BlockTag fromBlock, BlockTag toBlock, Hash blockHash, List<byte[]> addresses,
    List<List<Hash>> topics) {

  /** Log.MAX_TOPICS positions at most: a filter with more can match nothing and is refused. */
  private static final int MAX_POSITIONS = Log.MAX_TOPICS;

  private static final int ADDRESS_SIZE = 20;

  /**
   * Addresses, and topics per position, one filter may list: more is not a filter but a scan
   * (each costs a bloom probe per block and a comparison per log); geth allows as many.
   */
  static final int MAX_ALTERNATIVES = 1_000;

  static LogFilter parse(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw RpcException.invalidParams(RpcParams.arg(0) + ": expected a filter object");
    }
    JsonNode hash = n.get("blockHash");
    JsonNode from = n.get("fromBlock");
    JsonNode to = n.get("toBlock");
    Hash blockHash = null;
    if (hash != null && !hash.isNull()) {
      if ((from != null && !from.isNull()) || (to != null && !to.isNull())) {
        throw RpcException.invalidParams(
            RpcParams.arg(0) + ": cannot specify both blockHash and fromBlock/toBlock");
      }
      blockHash = RpcParams.hash(hash.asText(), RpcParams.arg(0) + ": blockHash");
    }
    return new LogFilter(tag(from, "fromBlock"), tag(to, "toBlock"), blockHash,
        addresses(n.get("address")), topics(n.get("topics")));
  }

  private static BlockTag tag(JsonNode n, String name) {
    if (n == null || n.isNull()) {
      return BlockTag.Named.LATEST;
    }
    if (!n.isTextual()) {
      throw RpcException.invalidParams(RpcParams.arg(0) + ": " + name + " must be a block number or tag");
    }
    return BlockTag.parse(n.asText(), RpcParams.arg(0) + ": " + name);
  }

  private static List<byte[]> addresses(JsonNode n) {
    List<byte[]> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (n.isTextual()) {
      out.add(address(n));
    } else if (n.isArray()) {
      if (n.size() > MAX_ALTERNATIVES) {
        throw RpcException.invalidParams(RpcParams.arg(0) + ": at most " + MAX_ALTERNATIVES + " addresses");
      }
      for (JsonNode a : n) {
        out.add(address(a));
      }
    } else {
      throw RpcException.invalidParams(RpcParams.arg(0) + ": address must be an address or a list of them");
    }
    return List.copyOf(out);
  }

  private static byte[] address(JsonNode n) {
    byte[] b = n.isTextual() ? RpcParams.data(n.asText(), RpcParams.arg(0) + ": address") : null;
    if (b == null || b.length != ADDRESS_SIZE) {
      throw RpcException.invalidParams(RpcParams.arg(0) + ": address must be 20 bytes of hex, got " + n);
    }
    return b;
  }

  private static List<List<Hash>> topics(JsonNode n) {
    List<List<Hash>> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw RpcException.invalidParams(RpcParams.arg(0) + ": topics must be a list");
    }
    if (n.size() > MAX_POSITIONS) {
      throw RpcException.invalidParams(RpcParams.arg(0) + ": at most " + MAX_POSITIONS + " topic positions");
    }
    for (JsonNode position : n) {
      List<Hash> set = new ArrayList<>();
      if (position.isTextual()) {
        set.add(RpcParams.hash(position.asText(), RpcParams.arg(0) + ": topic"));
      } else if (position.isArray()) {
        if (position.size() > MAX_ALTERNATIVES) {
          throw RpcException.invalidParams(
              RpcParams.arg(0) + ": at most " + MAX_ALTERNATIVES + " topics per position");
        }
        for (JsonNode t : position) {
          if (t.isNull()) {
            set.clear(); // a null inside a position matches anything there (geth)
            break;
          }
          set.add(RpcParams.hash(t.asText(), RpcParams.arg(0) + ": topic"));
        }
      } else if (!position.isNull()) {
        throw RpcException.invalidParams(RpcParams.arg(0) + ": a topic position must be null, a topic or a list");
      }
      out.add(List.copyOf(set));
    }
    return List.copyOf(out);
  }

  /** Whether {@code log} matches every criterion. */
  boolean matches(Log log) {
    if (!addresses.isEmpty()) {
      boolean any = false;
      for (byte[] a : addresses) {
        if (Arrays.equals(a, log.address())) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    if (topics.size() > log.topics().size()) {
      return false;
    }
    for (int i = 0; i < topics.size(); i++) {
      List<Hash> set = topics.get(i);
      if (!set.isEmpty() && !set.contains(log.topics().get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The bloom test: positions of each criterion, to check header blooms before reading receipts. */
  BloomTest bloomTest() {
    long[] addressBits = new long[addresses.size()];
    for (int i = 0; i < addresses.size(); i++) {
      addressBits[i] = Bloom.positions(addresses.get(i));
    }
    List<long[]> topicBits = new ArrayList<>();
    for (List<Hash> set : topics) {
      long[] bits = new long[set.size()];
      for (int i = 0; i < set.size(); i++) {
        bits[i] = Bloom.positions(set.get(i).toArray());
      }
      topicBits.add(bits);
    }
    return new BloomTest(addressBits, topicBits);
  }

  /** A filter's criteria as bloom bit positions: a block whose bloom fails cannot hold a match. */
  record BloomTest(long[] addresses, List<long[]> topics) {
    boolean mayMatch(byte[] bloom) {
      if (!anyIn(bloom, addresses)) {
        return false;
      }
      for (long[] set : topics) {
        if (!anyIn(bloom, set)) {
          return false;
        }
      }
      return true;
    }

    private static boolean anyIn(byte[] bloom, long[] candidates) {
      if (candidates.length == 0) {
        return true;
      }
      for (long c : candidates) {
        if (Bloom.mayContain(bloom, c)) {
          return true;
        }
      }
      return false;
    }
  }
}
