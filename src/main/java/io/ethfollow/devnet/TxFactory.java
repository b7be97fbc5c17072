package io.ethfollow.devnet;

import io.ethfollow.chain.Keccak;
import io.ethfollow.chain.Transaction;
import io.ethfollow.rlp.RlpWriter;

/**
 * Encodes generated transactions of types 0-4 with well-formed fields: chain id, nonce, fees, gas
 * limit, recipient, value, calldata, access lists, blob versioned hashes, EIP-7702 authorizations.
 * Signatures are valid ({@link DevnetSigner}: one of 64 fixed senders, recoverable as on a real
 * chain, so the JSON-RPC can show each transaction's {@code from}); EIP-7702 authorization
 * signatures stay random. Stateless apart from the pools; thread-safe.
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
  private final DevnetSigner signer;

  TxFactory(ContentPools pools, long chainId) {
    this.pools = pools;
    this.chainId = chainId;
    this.signer = new DevnetSigner(chainId);
  }

  /** One transaction of {@code type}; {@code gasLimit} is what the sender allowed. */
  Transaction create(Rng r, int type, byte[] data, long gasLimit, int blobs, int authorizations, boolean accessList) {
    // The fields without the signature, as one run of items: signed over, then signed.
    RlpWriter w = new RlpWriter(data.length + 200 + blobs * 34 + authorizations * 110);
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
        // authorization signatures stay random: nothing recovers them (ethfollow executes nothing)
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
    byte[] fields = w.toByteArray();
    // What the sender signs: typed, type || rlp(fields); legacy, EIP-155's rlp(fields, chainId, 0, 0).
    RlpWriter unsigned = new RlpWriter(fields.length + 16);
    if (type != Transaction.TYPE_LEGACY) {
      unsigned.writeRaw(new byte[] {(byte) type});
    }
    unsigned.startList().writeRaw(fields);
    if (type == Transaction.TYPE_LEGACY) {
      unsigned.writeLong(chainId).writeLong(0).writeLong(0);
    }
    DevnetSigner.Signature sig =
        signer.sign(Keccak.hash(unsigned.endList().toByteArray()), r.nextInt(DevnetSigner.SENDERS));
    RlpWriter signed = new RlpWriter(fields.length + 80);
    if (type != Transaction.TYPE_LEGACY) {
      signed.writeRaw(new byte[] {(byte) type});
    }
    signed.startList().writeRaw(fields);
    if (type == Transaction.TYPE_LEGACY) {
      signed.writeLong(chainId * 2 + 35 + sig.recoveryId()); // EIP-155 v
    } else {
      signed.writeLong(sig.recoveryId()); // yParity
    }
    signed.writeBigInteger(sig.r()).writeBigInteger(sig.s());
    return new Transaction(type, signed.endList().toByteArray());
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
