package io.ethfollow.chain;

import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpWriter;
import java.util.Arrays;
import java.util.List;

/**
 * A transaction receipt in the form every encoding shares: the transaction type, the outcome bytes,
 * the cumulative gas used in the block after this transaction, the logs bloom and the logs.
 *
 * <p>The outcome is kept as the raw payload of its RLP string so every era re-encodes byte for byte:
 * since Byzantium it is the status (empty = failure, {@code 0x01} = success); before Byzantium it is
 * the 32-byte intermediate post-state root. The bloom comes from the wire in eth/68 and is computed in
 * eth/69 (which omits it); either way the receipts root commits to it.
 *
 * <p>Immutable by contract (the arrays are shared without copies, never modify them); thread-safe.
 * Encodings live in {@link ReceiptCodec}.
 */
public record Receipt(
    int type, byte[] statusOrPostState, long cumulativeGasUsed, byte[] bloom, List<Log> logs) {
  /** Pre-Byzantium receipts carry a 32-byte state root instead of a status. */
  public static final int POST_STATE_SIZE = Hash.SIZE;

  public Receipt {
    if (type < Transaction.TYPE_LEGACY || type > Transaction.TYPE_SET_CODE) {
      throw new IllegalArgumentException("unknown receipt type " + type);
    }
    int n = statusOrPostState.length;
    if (!(n == 0 || (n == 1 && statusOrPostState[0] == 1) || n == POST_STATE_SIZE)) {
      throw new IllegalArgumentException(
          "receipt outcome must be an empty or 0x01 status or a 32-byte state root, got "
              + Hex.encode(statusOrPostState));
    }
    if (cumulativeGasUsed < 0) {
      throw new IllegalArgumentException("negative cumulative gas");
    }
    if (bloom.length != Bloom.SIZE) {
      throw new IllegalArgumentException("bloom must be 256 bytes");
    }
    logs = List.copyOf(logs);
  }

  /** A receipt whose bloom is computed from its logs (the eth/69 case). */
  public static Receipt withComputedBloom(
      int type, byte[] statusOrPostState, long cumulativeGasUsed, List<Log> logs) {
    return new Receipt(type, statusOrPostState, cumulativeGasUsed, Bloom.of(logs), logs);
  }

  /** True for pre-Byzantium receipts, which carry a post-state root instead of a status. */
  public boolean hasPostState() {
    return statusOrPostState.length == POST_STATE_SIZE;
  }

  /** True when the status says the transaction succeeded; false for failures and post-state receipts. */
  public boolean succeeded() {
    return statusOrPostState.length == 1;
  }

  /** The consensus encoding (legacy: the RLP list; typed: type || rlp(list)): the receipts-trie value. */
  public byte[] consensusEncoding() {
    RlpWriter w = new RlpWriter(estimatedSize());
    if (type != Transaction.TYPE_LEGACY) {
      w.writeRaw(new byte[] {(byte) type});
    }
    w.startList()
        .writeBytes(statusOrPostState)
        .writeLong(cumulativeGasUsed)
        .writeBytes(bloom);
    Log.writeAll(w, logs);
    w.endList();
    return w.toByteArray();
  }

  int estimatedSize() {
    int size = Bloom.SIZE + 64;
    for (Log log : logs) {
      size += 32 + log.topics().size() * 33 + log.data().length + 8;
    }
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Receipt r
        && type == r.type
        && cumulativeGasUsed == r.cumulativeGasUsed
        && Arrays.equals(statusOrPostState, r.statusOrPostState)
        && Arrays.equals(bloom, r.bloom)
        && logs.equals(r.logs);
  }

  @Override
  public int hashCode() {
    return (type * 31 + Long.hashCode(cumulativeGasUsed)) * 31 + logs.size();
  }

  @Override
  public String toString() {
    return "Receipt{type=" + type + ", outcome=" + Hex.encode(statusOrPostState) + ", cumulativeGas="
        + cumulativeGasUsed + ", logs=" + logs.size() + "}";
  }
}
