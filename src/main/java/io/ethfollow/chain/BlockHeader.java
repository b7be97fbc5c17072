package io.ethfollow.chain;

import io.ethfollow.rlp.Hex;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An execution-layer block header with every field through Prague/Osaka. Immutable; holds its own
 * canonical RLP and hash so both are computed once. Optional fork fields are {@code null} when the
 * header predates them; which fields exist is decided by the field count (15 Frontier..Berlin, 16
 * London, 17 Shanghai, 20 Cancun, 21 Prague and Osaka). Thread-safe.
 */
public final class BlockHeader {
  /** Field counts that real headers have, oldest to newest fork. */
  public static final int FIELDS_FRONTIER = 15;
  public static final int FIELDS_LONDON = 16;
  public static final int FIELDS_SHANGHAI = 17;
  public static final int FIELDS_CANCUN = 20;
  public static final int FIELDS_PRAGUE = 21;

  /** Yellow paper: extraData is at most 32 bytes; anything longer is not a valid header. */
  public static final int MAX_EXTRA_DATA = 32;

  private static final int BLOOM_SIZE = 256;
  private static final int ADDRESS_SIZE = 20;
  private static final int NONCE_SIZE = 8;
  /** difficulty and baseFee are uint256 in the yellow paper. */
  private static final int UINT256_BYTES = 32;

  private final Hash parentHash;
  private final Hash ommersHash;
  private final byte[] coinbase;
  private final Hash stateRoot;
  private final Hash transactionsRoot;
  private final Hash receiptsRoot;
  private final byte[] logsBloom;
  private final BigInteger difficulty;
  private final long number;
  private final long gasLimit;
  private final long gasUsed;
  private final long timestamp;
  private final byte[] extraData;
  private final Hash mixHash;
  private final byte[] nonce;
  private final BigInteger baseFeePerGas;
  private final Hash withdrawalsRoot;
  private final Long blobGasUsed;
  private final Long excessBlobGas;
  private final Hash parentBeaconBlockRoot;
  private final Hash requestsHash;
  private final int fieldCount;
  private final byte[] rlp;
  private final Hash hash;

  private BlockHeader(Fields f, int fieldCount, byte[] rlp) {
    this.parentHash = Objects.requireNonNull(f.parentHash, "parentHash");
    this.ommersHash = Objects.requireNonNull(f.ommersHash, "ommersHash");
    this.coinbase = Objects.requireNonNull(f.coinbase, "coinbase");
    this.stateRoot = Objects.requireNonNull(f.stateRoot, "stateRoot");
    this.transactionsRoot = Objects.requireNonNull(f.transactionsRoot, "transactionsRoot");
    this.receiptsRoot = Objects.requireNonNull(f.receiptsRoot, "receiptsRoot");
    this.logsBloom = Objects.requireNonNull(f.logsBloom, "logsBloom");
    this.difficulty = Objects.requireNonNull(f.difficulty, "difficulty");
    this.number = f.number;
    this.gasLimit = f.gasLimit;
    this.gasUsed = f.gasUsed;
    this.timestamp = f.timestamp;
    this.extraData = Objects.requireNonNull(f.extraData, "extraData");
    this.mixHash = Objects.requireNonNull(f.mixHash, "mixHash");
    this.nonce = Objects.requireNonNull(f.nonce, "nonce");
    this.baseFeePerGas = f.baseFeePerGas;
    this.withdrawalsRoot = f.withdrawalsRoot;
    this.blobGasUsed = f.blobGasUsed;
    this.excessBlobGas = f.excessBlobGas;
    this.parentBeaconBlockRoot = f.parentBeaconBlockRoot;
    this.requestsHash = f.requestsHash;
    this.fieldCount = fieldCount;
    this.rlp = rlp;
    this.hash = Hash.keccakOf(rlp);
  }

  /**
   * Decodes a header from exactly one RLP list (strict: canonical encodings, no trailing bytes).
   *
   * @throws RlpException when the bytes are not a canonical header of a known field count
   */
  public static BlockHeader decode(byte[] rlp) {
    RlpReader outer = new RlpReader(rlp);
    RlpReader r = outer.readList();
    outer.ensureDone();
    return decodeFields(r, rlp);
  }

  /** Decodes the header at the reader's cursor (for example inside a block) and advances past it. */
  public static BlockHeader decodeNext(RlpReader reader) {
    byte[] raw = reader.readRaw();
    return decode(raw);
  }

  private static BlockHeader decodeFields(RlpReader r, byte[] rlp) {
    int count = r.remainingItems();
    if (count != FIELDS_FRONTIER
        && count != FIELDS_LONDON
        && count != FIELDS_SHANGHAI
        && count != FIELDS_CANCUN
        && count != FIELDS_PRAGUE) {
      throw new RlpException("unsupported header field count " + count);
    }
    Fields f = new Fields();
    f.parentHash = Hash.wrap(r.readFixed(Hash.SIZE));
    f.ommersHash = Hash.wrap(r.readFixed(Hash.SIZE));
    f.coinbase = r.readFixed(ADDRESS_SIZE);
    f.stateRoot = Hash.wrap(r.readFixed(Hash.SIZE));
    f.transactionsRoot = Hash.wrap(r.readFixed(Hash.SIZE));
    f.receiptsRoot = Hash.wrap(r.readFixed(Hash.SIZE));
    f.logsBloom = r.readFixed(BLOOM_SIZE);
    f.difficulty = r.readBigInteger(UINT256_BYTES);
    f.number = r.readLong();
    f.gasLimit = r.readLong();
    f.gasUsed = r.readLong();
    f.timestamp = r.readLong();
    f.extraData = r.readBytes();
    if (f.extraData.length > MAX_EXTRA_DATA) {
      throw new RlpException("extraData of " + f.extraData.length + " bytes exceeds 32");
    }
    f.mixHash = Hash.wrap(r.readFixed(Hash.SIZE));
    f.nonce = r.readFixed(NONCE_SIZE);
    if (count >= FIELDS_LONDON) {
      f.baseFeePerGas = r.readBigInteger(UINT256_BYTES);
    }
    if (count >= FIELDS_SHANGHAI) {
      f.withdrawalsRoot = Hash.wrap(r.readFixed(Hash.SIZE));
    }
    if (count >= FIELDS_CANCUN) {
      f.blobGasUsed = r.readLong();
      f.excessBlobGas = r.readLong();
      f.parentBeaconBlockRoot = Hash.wrap(r.readFixed(Hash.SIZE));
    }
    if (count >= FIELDS_PRAGUE) {
      f.requestsHash = Hash.wrap(r.readFixed(Hash.SIZE));
    }
    r.ensureDone();
    return new BlockHeader(f, count, rlp);
  }

  /**
   * Builds a header from field values and encodes it. Optional fields must be present as a prefix of
   * the fork order (baseFee, withdrawalsRoot, blob fields + beacon root, requestsHash).
   */
  public static BlockHeader create(Fields f) {
    int count = FIELDS_FRONTIER;
    if (f.baseFeePerGas != null) {
      count = FIELDS_LONDON;
      if (f.withdrawalsRoot != null) {
        count = FIELDS_SHANGHAI;
        if (f.blobGasUsed != null && f.excessBlobGas != null && f.parentBeaconBlockRoot != null) {
          count = FIELDS_CANCUN;
          if (f.requestsHash != null) {
            count = FIELDS_PRAGUE;
          }
        }
      }
    }
    RlpWriter w = new RlpWriter(600).startList();
    w.writeBytes(f.parentHash.toArray())
        .writeBytes(f.ommersHash.toArray())
        .writeBytes(f.coinbase)
        .writeBytes(f.stateRoot.toArray())
        .writeBytes(f.transactionsRoot.toArray())
        .writeBytes(f.receiptsRoot.toArray())
        .writeBytes(f.logsBloom)
        .writeBigInteger(f.difficulty)
        .writeLong(f.number)
        .writeLong(f.gasLimit)
        .writeLong(f.gasUsed)
        .writeLong(f.timestamp)
        .writeBytes(f.extraData)
        .writeBytes(f.mixHash.toArray())
        .writeBytes(f.nonce);
    if (count >= FIELDS_LONDON) {
      w.writeBigInteger(f.baseFeePerGas);
    }
    if (count >= FIELDS_SHANGHAI) {
      w.writeBytes(f.withdrawalsRoot.toArray());
    }
    if (count >= FIELDS_CANCUN) {
      w.writeLong(f.blobGasUsed).writeLong(f.excessBlobGas);
      w.writeBytes(f.parentBeaconBlockRoot.toArray());
    }
    if (count >= FIELDS_PRAGUE) {
      w.writeBytes(f.requestsHash.toArray());
    }
    // Decode what we wrote so the same validation applies to built and received headers.
    return decode(w.endList().toByteArray());
  }

  /** This header's values as a mutable holder, to build a modified copy with {@link #create}. */
  public Fields toFields() {
    Fields f = new Fields();
    f.parentHash = parentHash;
    f.ommersHash = ommersHash;
    f.coinbase = coinbase.clone();
    f.stateRoot = stateRoot;
    f.transactionsRoot = transactionsRoot;
    f.receiptsRoot = receiptsRoot;
    f.logsBloom = logsBloom.clone();
    f.difficulty = difficulty;
    f.number = number;
    f.gasLimit = gasLimit;
    f.gasUsed = gasUsed;
    f.timestamp = timestamp;
    f.extraData = extraData.clone();
    f.mixHash = mixHash;
    f.nonce = nonce.clone();
    f.baseFeePerGas = baseFeePerGas;
    f.withdrawalsRoot = withdrawalsRoot;
    f.blobGasUsed = blobGasUsed;
    f.excessBlobGas = excessBlobGas;
    f.parentBeaconBlockRoot = parentBeaconBlockRoot;
    f.requestsHash = requestsHash;
    return f;
  }

  /** Mutable field holder for {@link #create(Fields)}; defaults are an empty pre-London header. */
  public static final class Fields {
    public Hash parentHash = Hash.ZERO;
    public Hash ommersHash = Hash.EMPTY_LIST;
    public byte[] coinbase = new byte[ADDRESS_SIZE];
    public Hash stateRoot = Hash.EMPTY_TRIE;
    public Hash transactionsRoot = Hash.EMPTY_TRIE;
    public Hash receiptsRoot = Hash.EMPTY_TRIE;
    public byte[] logsBloom = new byte[BLOOM_SIZE];
    public BigInteger difficulty = BigInteger.ZERO;
    public long number;
    public long gasLimit;
    public long gasUsed;
    public long timestamp;
    public byte[] extraData = new byte[0];
    public Hash mixHash = Hash.ZERO;
    public byte[] nonce = new byte[NONCE_SIZE];
    public BigInteger baseFeePerGas;
    public Hash withdrawalsRoot;
    public Long blobGasUsed;
    public Long excessBlobGas;
    public Hash parentBeaconBlockRoot;
    public Hash requestsHash;
  }

  public Hash parentHash() {
    return parentHash;
  }

  public Hash ommersHash() {
    return ommersHash;
  }

  public byte[] coinbase() {
    return coinbase.clone();
  }

  public Hash stateRoot() {
    return stateRoot;
  }

  public Hash transactionsRoot() {
    return transactionsRoot;
  }

  public Hash receiptsRoot() {
    return receiptsRoot;
  }

  public byte[] logsBloom() {
    return logsBloom.clone();
  }

  public BigInteger difficulty() {
    return difficulty;
  }

  public long number() {
    return number;
  }

  public long gasLimit() {
    return gasLimit;
  }

  public long gasUsed() {
    return gasUsed;
  }

  public long timestamp() {
    return timestamp;
  }

  public byte[] extraData() {
    return extraData.clone();
  }

  public Hash mixHash() {
    return mixHash;
  }

  public byte[] nonce() {
    return nonce.clone();
  }

  /** Null before London. */
  public BigInteger baseFeePerGas() {
    return baseFeePerGas;
  }

  /** Null before Shanghai. */
  public Hash withdrawalsRoot() {
    return withdrawalsRoot;
  }

  /** Null before Cancun. */
  public Long blobGasUsed() {
    return blobGasUsed;
  }

  /** Null before Cancun. */
  public Long excessBlobGas() {
    return excessBlobGas;
  }

  /** Null before Cancun. */
  public Hash parentBeaconBlockRoot() {
    return parentBeaconBlockRoot;
  }

  /** Null before Prague. */
  public Hash requestsHash() {
    return requestsHash;
  }

  /** Number of RLP fields (15, 16, 17, 20 or 21). */
  public int fieldCount() {
    return fieldCount;
  }

  /** A copy of the canonical RLP encoding. */
  public byte[] rlp() {
    return rlp.clone();
  }

  /** Length of the canonical encoding in bytes. */
  public int rlpSize() {
    return rlp.length;
  }

  /** Appends the canonical encoding to a writer without copying it first. */
  public void writeTo(RlpWriter w) {
    w.writeRaw(rlp);
  }

  /** keccak256 of the RLP encoding: the block hash. */
  public Hash hash() {
    return hash;
  }

  /** Headers are equal when their hashes are (the hash commits to every field). */
  @Override
  public boolean equals(Object o) {
    return o instanceof BlockHeader h && hash.equals(h.hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "BlockHeader{number=" + number + ", hash=" + hash + ", fields=" + fieldCount
        + ", extra=" + Hex.encode(extraData) + "}";
  }
}
