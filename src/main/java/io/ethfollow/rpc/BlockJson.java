package io.ethfollow.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Transaction;
import io.ethfollow.chain.Withdrawal;
import io.ethfollow.rlp.RlpReader;

/**
 * Block and header objects in the execution-apis shapes (geth's field names): every header field of
 * the block's fork, {@code size}, transactions as hashes or full objects, uncle hashes, withdrawals.
 * Pure; any thread.
 */
final class BlockJson {
  private final TransactionJson transactions;

  BlockJson(TransactionJson transactions) {
    this.transactions = transactions;
  }

  /** The header fields, as every block object and {@code newHeads} notification carries them. */
  static ObjectNode header(BlockHeader h) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (h.baseFeePerGas() != null) {
      o.put("baseFeePerGas", RpcJson.quantity(h.baseFeePerGas()));
    }
    if (h.blobGasUsed() != null) {
      o.put("blobGasUsed", RpcJson.quantity(h.blobGasUsed()));
    }
    o.put("difficulty", RpcJson.quantity(h.difficulty()));
    if (h.excessBlobGas() != null) {
      o.put("excessBlobGas", RpcJson.quantity(h.excessBlobGas()));
    }
    o.put("extraData", RpcJson.data(h.extraData()));
    o.put("gasLimit", RpcJson.quantity(h.gasLimit()));
    o.put("gasUsed", RpcJson.quantity(h.gasUsed()));
    o.put("hash", h.hash().toHex());
    o.put("logsBloom", RpcJson.data(h.logsBloom()));
    o.put("miner", RpcJson.data(h.coinbase()));
    o.put("mixHash", h.mixHash().toHex());
    o.put("nonce", RpcJson.data(h.nonce()));
    o.put("number", RpcJson.quantity(h.number()));
    if (h.parentBeaconBlockRoot() != null) {
      o.put("parentBeaconBlockRoot", h.parentBeaconBlockRoot().toHex());
    }
    o.put("parentHash", h.parentHash().toHex());
    o.put("receiptsRoot", h.receiptsRoot().toHex());
    if (h.requestsHash() != null) {
      o.put("requestsHash", h.requestsHash().toHex());
    }
    o.put("sha3Uncles", h.ommersHash().toHex());
    o.put("stateRoot", h.stateRoot().toHex());
    o.put("timestamp", RpcJson.quantity(h.timestamp()));
    o.put("transactionsRoot", h.transactionsRoot().toHex());
    if (h.withdrawalsRoot() != null) {
      o.put("withdrawalsRoot", h.withdrawalsRoot().toHex());
    }
    return o;
  }

  /** A whole block: header fields, size, transactions (hashes or objects), uncles, withdrawals. */
  ObjectNode block(RpcChain.Block b, boolean fullTransactions) {
    BlockHeader h = b.header();
    BlockBody body = b.body();
    ObjectNode o = header(h);
    o.put("size", RpcJson.quantity(blockSize(b.headerRlp(), b.bodyRlp())));
    ArrayNode txs = o.putArray("transactions");
    for (int i = 0; i < body.transactions().size(); i++) {
      Transaction tx = body.transactions().get(i);
      if (fullTransactions) {
        txs.add(transactions.inBlock(tx, h, i));
      } else {
        txs.add(tx.hash().toHex());
      }
    }
    ArrayNode uncles = o.putArray("uncles");
    for (BlockHeader u : body.uncles()) {
      uncles.add(u.hash().toHex());
    }
    if (body.withdrawals() != null) {
      ArrayNode ws = o.putArray("withdrawals");
      for (Withdrawal w : body.withdrawals()) {
        ObjectNode wo = ws.addObject();
        wo.put("index", RpcJson.quantity(w.index()));
        wo.put("validatorIndex", RpcJson.quantity(w.validatorIndex()));
        wo.put("address", RpcJson.data(w.address()));
        wo.put("amount", RpcJson.quantity(w.amountGwei()));
      }
    }
    return o;
  }

  /**
   * An uncle as geth shows it: a block of that header alone (no transactions, no uncles), so its
   * size is the header's plus an empty body's.
   */
  ObjectNode uncle(BlockHeader u) {
    byte[] emptyBody = u.withdrawalsRoot() != null
        ? new byte[] {(byte) 0xc3, (byte) 0xc0, (byte) 0xc0, (byte) 0xc0}
        : new byte[] {(byte) 0xc2, (byte) 0xc0, (byte) 0xc0};
    ObjectNode o = block(new RpcChain.Block(u, u.rlp(), emptyBody), false);
    o.remove("transactions"); // geth shows an uncle without the field
    return o;
  }

  /**
   * The RLP size of the block rlp([header, txs, uncles, withdrawals?]): the header and the body's
   * items under one list prefix.
   */
  static long blockSize(byte[] headerRlp, byte[] bodyRlp) {
    RlpReader r = new RlpReader(bodyRlp);
    int bodyPrefix = bodyRlp.length - r.nextPayloadLength();
    long payload = (long) headerRlp.length + bodyRlp.length - bodyPrefix;
    return listPrefixLength(payload) + payload;
  }

  private static int listPrefixLength(long payload) {
    if (payload < 56) {
      return 1;
    }
    int bytes = 0;
    for (long v = payload; v > 0; v >>>= 8) {
      bytes++;
    }
    return 1 + bytes;
  }
}
