package io.ethfollow.chain;

import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An EIP-4895 beacon-chain withdrawal: rlp([index, validatorIndex, address, amount]) with the amount
 * in gwei. Integers are read as longs: the uint64 fields stay far below 2^63 on every real chain, and
 * a larger value is rejected as malformed rather than wrapped. Immutable by contract (the address array
 * is shared, never modify it); thread-safe.
 */
public record Withdrawal(long index, long validatorIndex, byte[] address, long amountGwei) {
  private static final int ADDRESS_SIZE = 20;
  private static final int FIELDS = 4;
  /** Upper bound of one encoding: list header + 3 uint64 (9 bytes each) + 21-byte address. */
  private static final int MAX_ENCODED_SIZE = 2 + 3 * 9 + 21;

  public Withdrawal {
    if (address == null || address.length != ADDRESS_SIZE) {
      throw new IllegalArgumentException("withdrawal address must be 20 bytes");
    }
    if (index < 0 || validatorIndex < 0 || amountGwei < 0) {
      throw new IllegalArgumentException("withdrawal integers are unsigned");
    }
  }

  /** Reads the next withdrawal (an RLP list) from a withdrawals list reader. */
  public static Withdrawal readNext(RlpReader list) {
    RlpReader r = list.readList();
    if (r.remainingItems() != FIELDS) {
      throw new RlpException("withdrawal must have " + FIELDS + " fields");
    }
    Withdrawal w = new Withdrawal(r.readLong(), r.readLong(), r.readFixed(ADDRESS_SIZE), r.readLong());
    r.ensureDone();
    return w;
  }

  /** Reads all withdrawals of a withdrawals list (the payload reader of the list). */
  public static List<Withdrawal> readAll(RlpReader list) {
    List<Withdrawal> out = new ArrayList<>();
    while (list.hasNext()) {
      out.add(readNext(list));
    }
    return List.copyOf(out);
  }

  /** Decodes exactly one withdrawal encoding. */
  public static Withdrawal decode(byte[] rlp) {
    RlpReader r = new RlpReader(rlp);
    Withdrawal w = readNext(r);
    r.ensureDone();
    return w;
  }

  public void writeTo(RlpWriter w) {
    w.startList().writeLong(index).writeLong(validatorIndex).writeBytes(address).writeLong(amountGwei);
    w.endList();
  }

  /** The canonical RLP encoding: the value stored in the withdrawals trie. */
  public byte[] encode() {
    RlpWriter w = new RlpWriter(MAX_ENCODED_SIZE);
    writeTo(w);
    return w.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Withdrawal w
        && index == w.index
        && validatorIndex == w.validatorIndex
        && amountGwei == w.amountGwei
        && Arrays.equals(address, w.address);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + Long.hashCode(validatorIndex);
  }

  @Override
  public String toString() {
    return "Withdrawal{index=" + index + ", validator=" + validatorIndex + ", address="
        + Hex.encode(address) + ", gwei=" + amountGwei + "}";
  }
}
