package io.ethfollow.chain;

import io.ethfollow.rlp.RlpReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Every field of a transaction of type 0-4, decoded from its canonical bytes for readers that show
 * them (the JSON-RPC). Absent fields of a type are null (for example {@code maxFeePerGas} of a
 * legacy transaction, {@code to} of a contract creation). Decoding runs on the caller's thread; the
 * transaction was validated when it was stored, so a malformed one here is a damaged store.
 *
 * @param chainId the typed transaction's chain id, or a legacy one's EIP-155 chain id, or null
 * @param gasPrice legacy and type-1 only; for later types see {@link #effectiveGasPrice}
 * @param v the raw signature value: legacy 27/28 or {@code 35 + 2·chainId + parity}; typed: the
 *     y parity
 */
public record TransactionFields(
    int type,
    BigInteger chainId,
    long nonce,
    BigInteger gasPrice,
    BigInteger maxPriorityFeePerGas,
    BigInteger maxFeePerGas,
    long gas,
    byte[] to,
    BigInteger value,
    byte[] input,
    List<AccessEntry> accessList,
    BigInteger maxFeePerBlobGas,
    List<Hash> blobVersionedHashes,
    List<Authorization> authorizationList,
    BigInteger v,
    BigInteger r,
    BigInteger s) {

  /** uint256 fields have at most 32 bytes. */
  private static final int UINT256_BYTES = 32;

  private static final int ADDRESS_SIZE = 20;

  /** Legacy v of an unprotected signature is 27 or 28; EIP-155 starts at 35 (+ 2·chainId). */
  private static final int EIP155_V_BASE = 35;

  /** One EIP-2930 access-list entry. */
  public record AccessEntry(byte[] address, List<Hash> storageKeys) {}

  /** One EIP-7702 authorization tuple. */
  public record Authorization(
      BigInteger chainId, byte[] address, long nonce, BigInteger yParity, BigInteger r, BigInteger s) {}

  /** Decodes {@code tx}'s fields. */
  public static TransactionFields of(Transaction tx) {
    byte[] e = tx.encoded();
    RlpReader outer = tx.type() == Transaction.TYPE_LEGACY
        ? new RlpReader(e)
        : new RlpReader(e, 1, e.length - 1);
    RlpReader f = outer.readList();
    if (tx.type() == Transaction.TYPE_LEGACY) {
      long nonce = f.readLong();
      BigInteger gasPrice = uint(f);
      long gas = f.readLong();
      byte[] to = optionalAddress(f);
      BigInteger value = uint(f);
      byte[] input = f.readBytes();
      BigInteger v = uint(f);
      BigInteger r = uint(f);
      BigInteger s = uint(f);
      BigInteger chainId = v.compareTo(BigInteger.valueOf(EIP155_V_BASE)) >= 0
          ? v.subtract(BigInteger.valueOf(EIP155_V_BASE)).shiftRight(1)
          : null;
      return new TransactionFields(tx.type(), chainId, nonce, gasPrice, null, null, gas, to, value,
          input, null, null, null, null, v, r, s);
    }
    BigInteger chainId = uint(f);
    long nonce = f.readLong();
    BigInteger gasPrice = null;
    BigInteger maxPriority = null;
    BigInteger maxFee = null;
    if (tx.type() == Transaction.TYPE_ACCESS_LIST) {
      gasPrice = uint(f);
    } else {
      maxPriority = uint(f);
      maxFee = uint(f);
    }
    long gas = f.readLong();
    byte[] to = optionalAddress(f);
    BigInteger value = uint(f);
    byte[] input = f.readBytes();
    List<AccessEntry> accessList = accessList(f.readList());
    BigInteger maxFeePerBlobGas = null;
    List<Hash> blobHashes = null;
    List<Authorization> auths = null;
    if (tx.type() == Transaction.TYPE_BLOB) {
      maxFeePerBlobGas = uint(f);
      blobHashes = hashes(f.readList());
    } else if (tx.type() == Transaction.TYPE_SET_CODE) {
      auths = new ArrayList<>();
      RlpReader list = f.readList();
      while (list.hasNext()) {
        RlpReader a = list.readList();
        auths.add(new Authorization(
            uint(a), a.readFixed(ADDRESS_SIZE), a.readLong(), uint(a), uint(a), uint(a)));
      }
      auths = List.copyOf(auths);
    }
    BigInteger v = uint(f);
    BigInteger r = uint(f);
    BigInteger s = uint(f);
    return new TransactionFields(tx.type(), chainId, nonce, gasPrice, maxPriority, maxFee, gas, to,
        value, input, accessList, maxFeePerBlobGas, blobHashes, auths, v, r, s);
  }

  /**
   * The gas price the sender paid per gas in a block of {@code baseFee} (null before London): the
   * legacy/type-1 gas price, else {@code min(maxFeePerGas, baseFee + maxPriorityFeePerGas)}; without
   * a block (or base fee) the max fee.
   */
  public BigInteger effectiveGasPrice(BigInteger baseFee) {
    if (gasPrice != null) {
      return gasPrice;
    }
    if (baseFee == null) {
      return maxFeePerGas;
    }
    return maxFeePerGas.min(baseFee.add(maxPriorityFeePerGas));
  }

  /** The y parity (0 or 1) of a typed transaction's signature; null for legacy. */
  public BigInteger yParity() {
    return type == Transaction.TYPE_LEGACY ? null : v;
  }

  private static BigInteger uint(RlpReader r) {
    return r.readBigInteger(UINT256_BYTES);
  }

  private static byte[] optionalAddress(RlpReader r) {
    byte[] b = r.readBytes();
    return b.length == 0 ? null : b;
  }

  private static List<AccessEntry> accessList(RlpReader list) {
    List<AccessEntry> out = new ArrayList<>();
    while (list.hasNext()) {
      RlpReader entry = list.readList();
      byte[] address = entry.readFixed(ADDRESS_SIZE);
      out.add(new AccessEntry(address, hashes(entry.readList())));
    }
    return List.copyOf(out);
  }

  private static List<Hash> hashes(RlpReader list) {
    List<Hash> out = new ArrayList<>();
    while (list.hasNext()) {
      out.add(Hash.of(list.readFixed(Hash.SIZE)));
    }
    return List.copyOf(out);
  }
}
