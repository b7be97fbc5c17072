package io.ethfollow.devnet;

import io.ethfollow.chain.Transaction;
import io.ethfollow.rlp.RlpWriter;

/**
 * Encodes generated transactions of types 0-4 with well-formed fields: chain id, nonce, fees, gas
 * limit, recipient, value, calldata, access lists, blob versioned hashes, EIP-7702 authorizations.
 * Signatures (v/yParity, r, s) are random 32-byte values: they decode but do not recover to a sender,
 * which ethfollow never needs on the ingest path. Stateless apart from the pools; thread-safe.
 */
final class TxFactory {
  /** EIP-4844: a versioned hash starts with the KZG version byte 0x01. */
  private static final byte KZG_VERSION = 0x01;
  /** Signature integers are 32 bytes (r and s of secp256k1). */
  private static final int SIG_BYTES = 32;
  /** Typical priority fees and fee caps in wei (0.01-3 gwei tip, 1-60 gwei cap). */
  private static final long GWEI = 1_000_000_000L;

  private final ContentPools pools;
  private final long chainId;

  TxFactory(ContentPools pools, long chainId) {
    this.pools = pools;
    this.chainId = chainId;
  }

  /** One transaction of {@code type}; {@code gasLimit} is what the sender allowed. */
  Transaction create(Rng r, int type, byte[] data, long gasLimit, int blobs, int authorizations, boolean accessList) {
    RlpWriter w = new RlpWriter(data.length + 200 + blobs * 34 + authorizations * 110);
    if (type != Transaction.TYPE_LEGACY) {
      w.writeRaw(new byte[] {(byte) type});
    }
    w.startList();
    if (type != Transaction.TYPE_LEGACY) {
      w.writeLong(chainId);
    }
    w.writeLong(r.nextInt(1 << 20)); // nonce
    if (type == Transaction.TYPE_LEGACY || type == Transaction.TYPE_ACCESS_LIST) {
      w.writeLong(GWEI + r.nextInt(40) * GWEI); // gasPrice
    } else {
      w.writeLong(r.between(1, 300) * (GWEI / 100)); // maxPriorityFeePerGas
      w.writeLong(GWEI + r.nextInt(60) * GWEI); // maxFeePerGas
    }
    w.writeLong(gasLimit);
    boolean create = (type == Transaction.TYPE_LEGACY || type == Transaction.TYPE_DYNAMIC_FEE)
        && data.length > 0 && r.chance(0.01);
    w.writeBytes(create ? new byte[0] : (data.length == 0 ? pools.account(r) : pools.contract(r)));
    w.writeLong(data.length == 0 || r.chance(0.1) ? r.nextLong() >>> 8 : 0); // value in wei
    w.writeBytes(data);
    if (type != Transaction.TYPE_LEGACY) {
      accessList(r, w, type == Transaction.TYPE_ACCESS_LIST || accessList);
    }
    if (type == Transaction.TYPE_BLOB) {
      w.writeLong(GWEI + r.nextInt(10) * GWEI); // maxFeePerBlobGas
      w.startList();
      for (int i = 0; i < blobs; i++) {
        byte[] h = r.bytes(32);
        h[0] = KZG_VERSION;
        w.writeBytes(h);
      }
      w.endList();
    } else if (type == Transaction.TYPE_SET_CODE) {
      w.startList();
      for (int i = 0; i < authorizations; i++) {
        w.startList()
            .writeLong(chainId)
            .writeBytes(pools.contract(r))
            .writeLong(r.nextInt(1 << 16))
            .writeLong(r.nextInt(2))
            .writeBytes(r.uintBytes(SIG_BYTES))
            .writeBytes(r.uintBytes(SIG_BYTES))
            .endList();
      }
      w.endList();
    }
    if (type == Transaction.TYPE_LEGACY) {
      w.writeLong(chainId * 2 + 35 + r.nextInt(2)); // EIP-155 v
    } else {
      w.writeLong(r.nextInt(2)); // yParity
    }
    w.writeBytes(r.uintBytes(SIG_BYTES)).writeBytes(r.uintBytes(SIG_BYTES));
    w.endList();
    return new Transaction(type, w.toByteArray());
  }

  /** An access list: 1-3 contracts with 1-5 storage keys each, or an empty list. */
  private void accessList(Rng r, RlpWriter w, boolean filled) {
    w.startList();
    if (filled) {
      int entries = r.between(1, 3);
      for (int i = 0; i < entries; i++) {
        w.startList().writeBytes(pools.contract(r)).startList();
        int keys = r.between(1, 5);
        for (int k = 0; k < keys; k++) {
          w.writeBytes(r.bytes(32));
        }
        w.endList().endList();
      }
    }
    w.endList();
  }
}
