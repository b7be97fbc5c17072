package io.ethfollow.chain;

import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes one block's receipt list in the two wire forms.
 *
 * <ul>
 *   <li>eth/68 (and the consensus form inside it): a legacy receipt is the list
 *       [outcome, cumulativeGas, bloom, logs]; a typed receipt is an RLP string holding
 *       {@code type || rlp([outcome, cumulativeGas, bloom, logs])}.
 *   <li>eth/69 (EIP-7642): every receipt is the list [type, outcome, cumulativeGas, logs], no bloom;
 *       type 0 is written as the integer zero (0x80).
 * </ul>
 *
 * Decoding is strict (canonical RLP, exact field counts, no trailing bytes) and throws
 * {@link RlpException} on anything else. Stateless; thread-safe.
 */
public final class ReceiptCodec {
  /** Both receipt forms have four fields. */
  private static final int FIELDS = 4;

  /** Which wire form a receipt list is in. */
  public enum Form {
    ETH68,
    ETH69
  }

  private ReceiptCodec() {}

  /** Decodes one block's receipt list in eth/68 form (exactly one RLP list). */
  public static List<Receipt> decodeEth68(byte[] list) {
    RlpReader outer = new RlpReader(list);
    List<Receipt> out = readEth68(outer.readList());
    outer.ensureDone();
    return out;
  }

  /** Decodes one block's receipt list in eth/69 form (exactly one RLP list). */
  public static List<Receipt> decodeEth69(byte[] list) {
    RlpReader outer = new RlpReader(list);
    List<Receipt> out = readEth69(outer.readList());
    outer.ensureDone();
    return out;
  }

  /** Decodes one block's receipt list in whichever form it is (see {@link #detect(byte[])}). */
  public static List<Receipt> decode(byte[] list) {
    return detect(list) == Form.ETH69 ? decodeEth69(list) : decodeEth68(list);
  }

  /**
   * The logs of each receipt of one block's list (either form), without computing eth/69 blooms:
   * for readers that need only the logs (eth_getLogs), where the blooms' Keccaks would cost more
   * than everything else.
   */
  public static List<List<Log>> decodeLogs(byte[] list) {
    if (detect(list) == Form.ETH68) {
      return decodeEth68(list).stream().map(Receipt::logs).toList();
    }
    RlpReader outer = new RlpReader(list);
    RlpReader receipts = outer.readList();
    List<List<Log>> out = new ArrayList<>();
    while (receipts.hasNext()) {
      int at = receipts.position();
      RlpReader r = receipts.readList();
      if (r.remainingItems() != FIELDS) {
        throw new RlpException("eth/69 receipt at offset " + at + " must have 4 fields");
      }
      r.skip(); // type
      r.skip(); // outcome
      r.skip(); // cumulative gas
      out.add(Log.readAll(r.readList()));
    }
    outer.ensureDone();
    return List.copyOf(out);
  }

  /**
   * Tells the two forms apart by the first receipt: a string (typed eth/68) or a list whose third
   * field is a 256-byte bloom is eth/68; otherwise eth/69. An empty list decodes the same either way
   * and is reported as eth/69.
   */
  public static Form detect(byte[] list) {
    RlpReader outer = new RlpReader(list);
    RlpReader receipts = outer.readList();
    if (!receipts.hasNext()) {
      return Form.ETH69;
    }
    if (!receipts.nextIsList()) {
      return Form.ETH68;
    }
    RlpReader first = receipts.readList();
    first.skip();
    first.skip();
    boolean bloomThird = first.hasNext() && !first.nextIsList()
        && first.nextPayloadLength() == Bloom.SIZE;
    return bloomThird ? Form.ETH68 : Form.ETH69;
  }

  /** Reads every eth/68 receipt of a receipt list (the payload reader of the list). */
  public static List<Receipt> readEth68(RlpReader receipts) {
    List<Receipt> out = new ArrayList<>();
    while (receipts.hasNext()) {
      int at = receipts.position();
      try {
        if (receipts.nextIsList()) {
          out.add(readConsensusFields(Transaction.TYPE_LEGACY, receipts.readList()));
        } else {
          out.add(decodeTypedConsensus(receipts.readBytes()));
        }
      } catch (IllegalArgumentException e) {
        throw new RlpException("receipt at offset " + at + ": " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  /** Reads every eth/69 receipt of a receipt list (the payload reader of the list). */
  public static List<Receipt> readEth69(RlpReader receipts) {
    List<Receipt> out = new ArrayList<>();
    Bloom.Memo blooms = new Bloom.Memo();
    while (receipts.hasNext()) {
      int at = receipts.position();
      RlpReader r = receipts.readList();
      if (r.remainingItems() != FIELDS) {
        throw new RlpException("eth/69 receipt at offset " + at + " must have 4 fields");
      }
      long type = r.readLong();
      if (type > Transaction.TYPE_SET_CODE) {
        throw new RlpException("unknown receipt type " + type + " at offset " + at);
      }
      byte[] outcome = r.readBytes();
      long cumulativeGas = r.readLong();
      List<Log> logs = Log.readAll(r.readList());
      r.ensureDone();
      try {
        out.add(new Receipt((int) type, outcome, cumulativeGas, blooms.of(logs), logs));
      } catch (IllegalArgumentException e) {
        throw new RlpException("eth/69 receipt at offset " + at + ": " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  /** Decodes one receipt from its consensus encoding (a legacy list, or type || rlp(list)). */
  public static Receipt decodeConsensus(byte[] encoding) {
    if (encoding.length == 0) {
      throw new RlpException("empty receipt");
    }
    try {
      if ((encoding[0] & 0xff) >= 0xc0) {
        RlpReader outer = new RlpReader(encoding);
        Receipt r = readConsensusFields(Transaction.TYPE_LEGACY, outer.readList());
        outer.ensureDone();
        return r;
      }
      return decodeTypedConsensus(encoding);
    } catch (IllegalArgumentException e) {
      throw new RlpException("receipt: " + e.getMessage());
    }
  }

  private static Receipt decodeTypedConsensus(byte[] envelope) {
    if (envelope.length == 0) {
      throw new RlpException("empty typed receipt envelope");
    }
    int type = envelope[0] & 0xff;
    if (type < Transaction.TYPE_ACCESS_LIST || type > Transaction.TYPE_SET_CODE) {
      throw new RlpException("unknown receipt type 0x" + Integer.toHexString(type));
    }
    RlpReader outer = new RlpReader(envelope, 1, envelope.length - 1);
    Receipt r = readConsensusFields(type, outer.readList());
    outer.ensureDone();
    return r;
  }

  private static Receipt readConsensusFields(int type, RlpReader r) {
    if (r.remainingItems() != FIELDS) {
      throw new RlpException("receipt must have 4 fields");
    }
    byte[] outcome = r.readBytes();
    long cumulativeGas = r.readLong();
    byte[] bloom = r.readFixed(Bloom.SIZE);
    List<Log> logs = Log.readAll(r.readList());
    r.ensureDone();
    return new Receipt(type, outcome, cumulativeGas, bloom, logs);
  }

  /** Encodes one block's receipts in eth/68 form. */
  public static byte[] encodeEth68(List<Receipt> receipts) {
    RlpWriter w = new RlpWriter(estimatedSize(receipts)).startList();
    for (Receipt r : receipts) {
      byte[] consensus = r.consensusEncoding();
      if (r.type() == Transaction.TYPE_LEGACY) {
        w.writeRaw(consensus);
      } else {
        w.writeBytes(consensus);
      }
    }
    return w.endList().toByteArray();
  }

  /** Encodes one block's receipts in eth/69 form (the storage form). */
  public static byte[] encodeEth69(List<Receipt> receipts) {
    RlpWriter w = new RlpWriter(estimatedSize(receipts)).startList();
    for (Receipt r : receipts) {
      writeEth69(w, r);
    }
    return w.endList().toByteArray();
  }

  /** Appends one receipt in eth/69 form. */
  public static void writeEth69(RlpWriter w, Receipt r) {
    w.startList().writeLong(r.type()).writeBytes(r.statusOrPostState()).writeLong(r.cumulativeGasUsed());
    Log.writeAll(w, r.logs());
    w.endList();
  }

  /** The consensus encodings of a block's receipts, in order: the values of the receipts trie. */
  public static List<byte[]> consensusEncodings(List<Receipt> receipts) {
    List<byte[]> out = new ArrayList<>(receipts.size());
    for (Receipt r : receipts) {
      out.add(r.consensusEncoding());
    }
    return out;
  }

  private static int estimatedSize(List<Receipt> receipts) {
    int size = 16;
    for (Receipt r : receipts) {
      size += r.estimatedSize();
    }
    return size;
  }
}
