package io.ethfollow.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Transaction;
import io.ethfollow.chain.TransactionFields;

/**
 * Transaction objects in geth's shape for types 0-4: the block position, {@code from} (recovered,
 * through the {@link SenderCache}), the effective {@code gasPrice} in that block, every field of the
 * type, and the signature as {@code v}/{@code r}/{@code s} plus {@code yParity} for typed ones. Any
 * RPC worker thread.
 */
final class TransactionJson {
  private final SenderCache senders;

  TransactionJson(SenderCache senders) {
    this.senders = senders;
  }

  ObjectNode inBlock(Transaction tx, BlockHeader block, int index) {
    Hash hash = tx.hash();
    TransactionFields f = TransactionFields.of(tx);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("blockHash", block.hash().toHex());
    o.put("blockNumber", RpcJson.quantity(block.number()));
    o.put("from", RpcJson.data(senders.sender(hash, tx)));
    o.put("gas", RpcJson.quantity(f.gas()));
    o.put("gasPrice", RpcJson.quantity(f.effectiveGasPrice(block.baseFeePerGas())));
    if (f.maxFeePerGas() != null) {
      o.put("maxFeePerGas", RpcJson.quantity(f.maxFeePerGas()));
      o.put("maxPriorityFeePerGas", RpcJson.quantity(f.maxPriorityFeePerGas()));
    }
    if (f.maxFeePerBlobGas() != null) {
      o.put("maxFeePerBlobGas", RpcJson.quantity(f.maxFeePerBlobGas()));
    }
    o.put("hash", hash.toHex());
    o.put("input", RpcJson.data(f.input()));
    o.put("nonce", RpcJson.quantity(f.nonce()));
    if (f.to() == null) {
      o.putNull("to");
    } else {
      o.put("to", RpcJson.data(f.to()));
    }
    o.put("transactionIndex", RpcJson.quantity(index));
    o.put("value", RpcJson.quantity(f.value()));
    o.put("type", RpcJson.quantity(f.type()));
    if (f.accessList() != null) {
      ArrayNode list = o.putArray("accessList");
      for (TransactionFields.AccessEntry e : f.accessList()) {
        ObjectNode eo = list.addObject();
        eo.put("address", RpcJson.data(e.address()));
        ArrayNode keys = eo.putArray("storageKeys");
        e.storageKeys().forEach(k -> keys.add(k.toHex()));
      }
    }
    if (f.chainId() != null) {
      o.put("chainId", RpcJson.quantity(f.chainId()));
    }
    if (f.blobVersionedHashes() != null) {
      ArrayNode hashes = o.putArray("blobVersionedHashes");
      f.blobVersionedHashes().forEach(h -> hashes.add(h.toHex()));
    }
    if (f.authorizationList() != null) {
      ArrayNode auths = o.putArray("authorizationList");
      for (TransactionFields.Authorization a : f.authorizationList()) {
        ObjectNode ao = auths.addObject();
        ao.put("chainId", RpcJson.quantity(a.chainId()));
        ao.put("address", RpcJson.data(a.address()));
        ao.put("nonce", RpcJson.quantity(a.nonce()));
        ao.put("yParity", RpcJson.quantity(a.yParity()));
        ao.put("r", RpcJson.quantity(a.r()));
        ao.put("s", RpcJson.quantity(a.s()));
      }
    }
    o.put("v", RpcJson.quantity(f.v()));
    o.put("r", RpcJson.quantity(f.r()));
    o.put("s", RpcJson.quantity(f.s()));
    if (f.yParity() != null) {
      o.put("yParity", RpcJson.quantity(f.yParity()));
    }
    return o;
  }
}
