package io.ethfollow.chain;

import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One EVM log entry: rlp([address, [topic...], data]). Immutable by contract (the arrays are shared,
 * never modify them); thread-safe.
 */
public record Log(byte[] address, List<Hash> topics, byte[] data) {
  private static final int ADDRESS_SIZE = 20;
  /** LOG0..LOG4: the EVM cannot emit more than four topics. */
  public static final int MAX_TOPICS = 4;

  public Log {
    if (address == null || address.length != ADDRESS_SIZE) {
      throw new IllegalArgumentException("log address must be 20 bytes");
    }
    if (topics.size() > MAX_TOPICS) {
      throw new IllegalArgumentException("a log has at most 4 topics, got " + topics.size());
    }
    topics = List.copyOf(topics);
  }

  /** Reads the next log (an RLP list) from a logs list reader. */
  public static Log readNext(RlpReader logs) {
    RlpReader r = logs.readList();
    byte[] address = r.readFixed(ADDRESS_SIZE);
    RlpReader t = r.readList();
    Hash[] topics = new Hash[MAX_TOPICS];
    int n = 0;
    while (t.hasNext()) {
      if (n == MAX_TOPICS) {
        throw new RlpException("log has more than " + MAX_TOPICS + " topics");
      }
      topics[n++] = Hash.wrap(t.readFixed(Hash.SIZE));
    }
    byte[] data = r.readBytes();
    r.ensureDone();
    return new Log(address, List.of(Arrays.copyOf(topics, n)), data);
  }

  /** Reads every log of a logs list (the payload reader of the list). */
  public static List<Log> readAll(RlpReader logs) {
    if (!logs.hasNext()) {
      return List.of();
    }
    List<Log> out = new ArrayList<>();
    while (logs.hasNext()) {
      out.add(readNext(logs));
    }
    return List.copyOf(out);
  }

  public void writeTo(RlpWriter w) {
    w.startList().writeBytes(address).startList();
    for (Hash topic : topics) {
      w.writeBytes(topic.toArray());
    }
    w.endList().writeBytes(data).endList();
  }

  /** Writes rlp(logs). */
  static void writeAll(RlpWriter w, List<Log> logs) {
    w.startList();
    for (Log log : logs) {
      log.writeTo(w);
    }
    w.endList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Log l
        && Arrays.equals(address, l.address)
        && topics.equals(l.topics)
        && Arrays.equals(data, l.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(address) * 31 + topics.hashCode();
  }

  @Override
  public String toString() {
    return "Log{address=" + Hex.encode(address) + ", topics=" + topics + ", data=" + data.length
        + " bytes}";
  }
}
