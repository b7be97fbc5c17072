package io.ethfollow.chain;

import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;

/**
 * A whole block as exchanged in RLP files and NewBlock messages: rlp([header, transactions, uncles])
 * and, from Shanghai on, rlp([header, transactions, uncles, withdrawals]). Immutable and thread-safe.
 */
public record Block(BlockHeader header, BlockBody body) {
  /** Header plus the two pre-Shanghai body fields. */
  private static final int FIELDS_PRE_SHANGHAI = 3;
  /** Plus withdrawals. */
  private static final int FIELDS_SHANGHAI = 4;

  /** Decodes exactly one block encoding. */
  public static Block decode(byte[] rlp) {
    RlpReader outer = new RlpReader(rlp);
    Block block = readNext(outer);
    outer.ensureDone();
    return block;
  }

  /**
   * Reads the next block from a reader, for example over a file of concatenated blocks (call while
   * {@link RlpReader#hasNext()}).
   */
  public static Block readNext(RlpReader blocks) {
    RlpReader r = blocks.readList();
    int count = r.remainingItems();
    if (count != FIELDS_PRE_SHANGHAI && count != FIELDS_SHANGHAI) {
      throw new RlpException("block must have 3 or 4 fields, found " + count);
    }
    BlockHeader header = BlockHeader.decodeNext(r);
    return new Block(header, BlockBody.readFields(r, count - 1));
  }

  public byte[] encode() {
    RlpWriter w = new RlpWriter(header.rlpSize() + body.estimatedSize()).startList();
    header.writeTo(w);
    body.writeFields(w);
    return w.endList().toByteArray();
  }

  public long number() {
    return header.number();
  }

  public Hash hash() {
    return header.hash();
  }
}
