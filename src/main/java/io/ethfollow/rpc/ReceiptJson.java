package io.ethfollow.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Keccak;
import io.ethfollow.chain.Log;
import io.ethfollow.chain.Receipt;
import io.ethfollow.chain.Transaction;
import io.ethfollow.chain.TransactionFields;
import io.ethfollow.rlp.RlpWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Receipt objects as geth shows them, for every transaction of one block at once: {@code gasUsed}
 * from the cumulative gas, {@code logIndex} counted across the whole block (not per receipt — the
 * predecessor's bug), {@code contractAddress} derived for creations, the effective gas price, blob
 * gas and price for type-3, {@code status} or the pre-Byzantium {@code root}. Any RPC worker thread.
 */
final class ReceiptJson {
  private final ChainSpec spec;
  private final SenderCache senders;

  ReceiptJson(ChainSpec spec, SenderCache senders) {
    this.spec = spec;
    this.senders = senders;
  }

  /** One JSON receipt per transaction, in block order. */
  List<ObjectNode> block(BlockHeader header, List<Transaction> txs, List<Receipt> receipts) {
    if (txs.size() != receipts.size()) {
      throw new IllegalStateException("block " + header.number() + " has " + txs.size()
          + " transactions but " + receipts.size() + " stored receipts");
    }
    BigInteger blobFee = BlobFees.blobBaseFee(spec, header);
    List<ObjectNode> out = new ArrayList<>(txs.size());
    long previousGas = 0;
    int logIndex = 0;
    String blockHashHex = header.hash().toHex();
    for (int i = 0; i < txs.size(); i++) {
      Transaction tx = txs.get(i);
      Receipt r = receipts.get(i);
      Hash txHash = tx.hash();
      TransactionFields f = TransactionFields.of(tx);
      byte[] from = senders.sender(txHash, tx);
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      if (f.blobVersionedHashes() != null) {
        o.put("blobGasPrice", RpcJson.quantity(blobFee));
        o.put("blobGasUsed", RpcJson.quantity(BlobFees.GAS_PER_BLOB * f.blobVersionedHashes().size()));
      }
      o.put("blockHash", header.hash().toHex());
      o.put("blockNumber", RpcJson.quantity(header.number()));
      if (f.to() == null) {
        o.put("contractAddress", RpcJson.data(contractAddress(from, f.nonce())));
      } else {
        o.putNull("contractAddress");
      }
      o.put("cumulativeGasUsed", RpcJson.quantity(r.cumulativeGasUsed()));
      o.put("effectiveGasPrice", RpcJson.quantity(f.effectiveGasPrice(header.baseFeePerGas())));
      o.put("from", RpcJson.data(from));
      o.put("gasUsed", RpcJson.quantity(r.cumulativeGasUsed() - previousGas));
      previousGas = r.cumulativeGasUsed();
      ArrayNode logs = o.putArray("logs");
      for (Log l : r.logs()) {
        logs.add(log(l, header, blockHashHex, txHash, i, logIndex++, false));
      }
      o.put("logsBloom", RpcJson.data(r.bloom()));
      if (r.hasPostState()) {
        o.put("root", RpcJson.data(r.statusOrPostState()));
      } else {
        o.put("status", r.succeeded() ? "0x1" : "0x0");
      }
      if (f.to() == null) {
        o.putNull("to");
      } else {
        o.put("to", RpcJson.data(f.to()));
      }
      o.put("transactionHash", txHash.toHex());
      o.put("transactionIndex", RpcJson.quantity(i));
      o.put("type", RpcJson.quantity(tx.type()));
      out.add(o);
    }
    return out;
  }

  /** A log object (receipts, eth_getLogs, subscriptions); {@code removed} marks a reorged-out log. */
  static ObjectNode log(
      Log l, BlockHeader header, String blockHash, Hash txHash, int txIndex, int logIndex,
      boolean removed) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("address", RpcJson.data(l.address()));
    ArrayNode topics = o.putArray("topics");
    l.topics().forEach(t -> topics.add(t.toHex()));
    o.put("data", RpcJson.data(l.data()));
    o.put("blockNumber", RpcJson.quantity(header.number()));
    o.put("transactionHash", txHash.toHex());
    o.put("transactionIndex", RpcJson.quantity(txIndex));
    o.put("blockHash", blockHash);
    o.put("logIndex", RpcJson.quantity(logIndex));
    o.put("removed", removed);
    return o;
  }

  /** The address a creation by {@code sender} with {@code nonce} deploys to: keccak(rlp([sender, nonce]))[12:]. */
  static byte[] contractAddress(byte[] sender, long nonce) {
    byte[] rlp = new RlpWriter(32).startList().writeBytes(sender).writeLong(nonce).endList().toByteArray();
    byte[] hash = Keccak.hash(rlp);
    return Arrays.copyOfRange(hash, 12, 32);
  }
}
