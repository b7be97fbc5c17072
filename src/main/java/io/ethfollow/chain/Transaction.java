package io.ethfollow.chain;

import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One transaction as it appears in a block: its type (0 legacy, 1 EIP-2930, 2 EIP-1559, 3 EIP-4844,
 * 4 EIP-7702) and its canonical bytes (legacy: the RLP list; typed: {@code type || rlp(fields)}, the
 * EIP-2718 envelope). The canonical bytes are what the transactions trie stores and what the hash
 * covers. Decoding checks the whole structure (field count per type, field shapes, canonical RLP) but
 * keeps no parsed fields: the ingest path needs only the bytes; {@link SenderRecovery} re-reads fields
 * when it must.
 *
 * <p>Immutable by contract and thread-safe: {@link #encoded()} returns the shared array without a copy
 * (a block body holds thousands of these), so callers must never modify it.
 */
public record Transaction(int type, byte[] encoded) {
  /** Pre-EIP-2718 transaction: an RLP list of 9 fields. */
  public static final int TYPE_LEGACY = 0;
  /** EIP-2930 access-list transaction. */
  public static final int TYPE_ACCESS_LIST = 1;
  /** EIP-1559 dynamic-fee transaction. */
  public static final int TYPE_DYNAMIC_FEE = 2;
  /** EIP-4844 blob transaction (block form: no blobs, commitments or proofs). */
  public static final int TYPE_BLOB = 3;
  /** EIP-7702 set-code transaction. */
  public static final int TYPE_SET_CODE = 4;

  /** Field counts including the three signature fields, indexed by type (EIP-155, 2930, 1559, 4844, 7702). */
  private static final int[] FIELD_COUNTS = {9, 11, 12, 14, 13};

  private static final int ADDRESS_SIZE = 20;
  /** Integer fields are uint256 in every transaction type. */
  private static final int UINT256_BYTES = 32;
  /** Storage keys and blob versioned hashes are 32-byte words. */
  private static final int WORD_SIZE = 32;
  /** EIP-7702 authorization tuple: [chainId, address, nonce, yParity, r, s]. */
  private static final int AUTHORIZATION_FIELDS = 6;

  public Transaction {
    if (type < TYPE_LEGACY || type > TYPE_SET_CODE) {
      throw new IllegalArgumentException("unknown transaction type " + type);
    }
    if (encoded == null || encoded.length == 0) {
      throw new IllegalArgumentException("empty transaction encoding");
    }
  }

  /**
   * Decodes a transaction from its canonical bytes (a legacy RLP list, or {@code type || payload}).
   *
   * @throws RlpException when the bytes are not one well-formed transaction of a known type
   */
  public static Transaction decode(byte[] canonical) {
    if (canonical.length == 0) {
      throw new RlpException("empty transaction");
    }
    int first = canonical[0] & 0xff;
    if (first >= 0xc0) {
      RlpReader outer = new RlpReader(canonical);
      RlpReader fields = outer.readList();
      outer.ensureDone();
      validateFields(TYPE_LEGACY, fields);
      return new Transaction(TYPE_LEGACY, canonical);
    }
    return decodeTyped(canonical);
  }

  /**
   * Reads the next transaction of a block body's transaction list: a list item is a legacy
   * transaction, a string item is a typed envelope. Copies the transaction's bytes once.
   */
  public static Transaction readNext(RlpReader txList) {
    if (txList.nextIsList()) {
      int at = txList.position();
      byte[] raw = txList.readRaw();
      RlpReader outer = new RlpReader(raw);
      try {
        validateFields(TYPE_LEGACY, outer.readList());
      } catch (RlpException e) {
        throw new RlpException("legacy transaction at offset " + at + ": " + e.getMessage());
      }
      return new Transaction(TYPE_LEGACY, raw);
    }
    return decodeTyped(txList.readBytes());
  }

  /** Reads every transaction of a transaction list (the payload reader of the list). */
  public static List<Transaction> readAll(RlpReader txList) {
    List<Transaction> out = new ArrayList<>();
    while (txList.hasNext()) {
      out.add(readNext(txList));
    }
    return List.copyOf(out);
  }

  private static Transaction decodeTyped(byte[] envelope) {
    if (envelope.length == 0) {
      throw new RlpException("empty typed transaction envelope");
    }
    int type = envelope[0] & 0xff;
    if (type < TYPE_ACCESS_LIST || type > TYPE_SET_CODE) {
      throw new RlpException("unknown transaction type 0x" + Integer.toHexString(type));
    }
    RlpReader outer = new RlpReader(envelope, 1, envelope.length - 1);
    try {
      RlpReader fields = outer.readList();
      outer.ensureDone();
      validateFields(type, fields);
    } catch (RlpException e) {
      throw new RlpException("type-" + type + " transaction: " + e.getMessage());
    }
    return new Transaction(type, envelope);
  }

  /** Checks count and shape of every field; consumes the reader. */
  private static void validateFields(int type, RlpReader r) {
    int count = r.remainingItems();
    if (count != FIELD_COUNTS[type]) {
      throw new RlpException(
          "expected " + FIELD_COUNTS[type] + " fields for type " + type + ", found " + count);
    }
    if (type == TYPE_LEGACY) {
      uint(r); // nonce
      uint(r); // gasPrice
      uint(r); // gasLimit
      optionalAddress(r); // to (empty for contract creation)
      uint(r); // value
      string(r); // data
      uint(r); // v
      uint(r); // r
      uint(r); // s
      r.ensureDone();
      return;
    }
    uint(r); // chainId
    uint(r); // nonce
    if (type == TYPE_ACCESS_LIST) {
      uint(r); // gasPrice
    } else {
      uint(r); // maxPriorityFeePerGas
      uint(r); // maxFeePerGas
    }
    uint(r); // gasLimit
    if (type == TYPE_BLOB || type == TYPE_SET_CODE) {
      r.readFixed(ADDRESS_SIZE); // to: these types cannot create contracts
    } else {
      optionalAddress(r);
    }
    uint(r); // value
    string(r); // data
    accessList(r.readList());
    if (type == TYPE_BLOB) {
      uint(r); // maxFeePerBlobGas
      RlpReader hashes = r.readList();
      while (hashes.hasNext()) {
        hashes.readFixed(WORD_SIZE);
      }
    } else if (type == TYPE_SET_CODE) {
      RlpReader auths = r.readList();
      while (auths.hasNext()) {
        RlpReader a = auths.readList();
        if (a.remainingItems() != AUTHORIZATION_FIELDS) {
          throw new RlpException("authorization tuple must have " + AUTHORIZATION_FIELDS + " fields");
        }
        uint(a);
        a.readFixed(ADDRESS_SIZE);
        uint(a);
        uint(a);
        uint(a);
        uint(a);
      }
    }
    uint(r); // yParity
    uint(r); // r
    uint(r); // s
    r.ensureDone();
  }

  private static void accessList(RlpReader list) {
    while (list.hasNext()) {
      RlpReader entry = list.readList();
      entry.readFixed(ADDRESS_SIZE);
      RlpReader keys = entry.readList();
      while (keys.hasNext()) {
        keys.readFixed(WORD_SIZE);
      }
      entry.ensureDone();
    }
  }

  /** Validates a canonical uint256 without allocating for the common short values. */
  static void uint(RlpReader r) {
    if (!r.nextIsList() && r.nextPayloadLength() < 8) {
      r.readLong();
    } else {
      r.readBigInteger(UINT256_BYTES);
    }
  }

  private static void string(RlpReader r) {
    if (r.nextIsList()) {
      throw new RlpException("expected a string at offset " + r.position() + ", found a list");
    }
    r.skip();
  }

  private static void optionalAddress(RlpReader r) {
    if (r.nextIsList()) {
      throw new RlpException("expected an address at offset " + r.position() + ", found a list");
    }
    int len = r.nextPayloadLength();
    if (len != 0 && len != ADDRESS_SIZE) {
      throw new RlpException("recipient must be empty or 20 bytes, found " + len);
    }
    r.skip();
  }

  /** keccak256 of the canonical bytes: the transaction hash. Computed on every call. */
  public Hash hash() {
    return Hash.keccakOf(encoded);
  }

  /** Appends this transaction as a block-body item: legacy as its list, typed as an RLP string. */
  public void writeTo(RlpWriter w) {
    if (type == TYPE_LEGACY) {
      w.writeRaw(encoded);
    } else {
      w.writeBytes(encoded);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transaction t && type == t.type && Arrays.equals(encoded, t.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Transaction{type=" + type + ", size=" + encoded.length + ", hash=" + hash() + "}";
  }

  /** Hex of the canonical bytes, for diagnostics. */
  public String toHex() {
    return Hex.encode(encoded);
  }
}
