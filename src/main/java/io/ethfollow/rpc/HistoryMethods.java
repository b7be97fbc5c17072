package io.ethfollow.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Receipt;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.chain.Transaction;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.store.TxLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history methods that read blocks and transactions: node and chain identity, block tags,
 * blocks, counts, uncles, transactions and the raw {@code debug_getRaw*} data. Each method is a
 * small function of the store view; {@link #all()} names them for the {@link RpcDispatcher}. Any
 * RPC worker thread.
 */
public final class HistoryMethods {
  /**
   * Senders kept: 100,000 entries (~15 MB) cover the last ~500 mainnet blocks, the window indexers
   * re-read most.
   */
  private static final int SENDER_CACHE_ENTRIES = 100_000;

  private final RpcChain chain;
  private final RpcNodeState node;
  private final String clientVersion;
  private final long chainId;
  private final long networkId;
  private final BlockJson blocks;
  private final TransactionJson transactions;
  private final ReceiptJson receipts;
  private final LogQuery logs;
  private final FeeHistory fees;

  public HistoryMethods(
      RpcChain chain, RpcNodeState node, String clientVersion, ChainSpec spec, RpcLimits limits) {
    this.chain = chain;
    this.node = node;
    this.clientVersion = clientVersion;
    this.chainId = spec.chainId();
    this.networkId = spec.networkId();
    SenderCache senders = new SenderCache(SENDER_CACHE_ENTRIES);
    this.transactions = new TransactionJson(senders);
    this.blocks = new BlockJson(transactions);
    this.receipts = new ReceiptJson(spec, senders);
    this.logs = new LogQuery(chain, limits.maxLogsBlockRange(), limits.maxLogs());
    this.fees = new FeeHistory(chain, spec);
  }

  /** Every method of this class by its JSON-RPC name. */
  public Map<String, RpcMethod> all() {
    Map<String, RpcMethod> m = new LinkedHashMap<>();
    m.put("web3_clientVersion", p -> text(p.expect(0, 0), clientVersion));
    m.put("net_version", p -> text(p.expect(0, 0), Long.toString(networkId)));
    m.put("net_listening", p -> BooleanNode.valueOf(p.expect(0, 0) != null));
    m.put("net_peerCount", p -> text(p.expect(0, 0), RpcJson.quantity(node.peerCount())));
    m.put("eth_chainId", p -> text(p.expect(0, 0), RpcJson.quantity(chainId)));
    m.put("eth_blockNumber", p -> text(p.expect(0, 0), RpcJson.quantity(chain.latest().orElse(0))));
    m.put("eth_syncing", this::syncing);
    m.put("eth_getBlockByNumber", p -> blockJson(chain.block(p.expect(2, 2).blockTag(0)), p.bool(1, false)));
    m.put("eth_getBlockByHash", p -> blockJson(chain.byHash(p.expect(2, 2).hash(0)), p.bool(1, false)));
    m.put("eth_getBlockTransactionCountByNumber",
        p -> count(chain.block(p.expect(1, 1).blockTag(0)), b -> b.body().transactions().size()));
    m.put("eth_getBlockTransactionCountByHash",
        p -> count(chain.byHash(p.expect(1, 1).hash(0)), b -> b.body().transactions().size()));
    m.put("eth_getUncleCountByBlockNumber",
        p -> count(chain.block(p.expect(1, 1).blockTag(0)), b -> b.body().uncles().size()));
    m.put("eth_getUncleCountByBlockHash",
        p -> count(chain.byHash(p.expect(1, 1).hash(0)), b -> b.body().uncles().size()));
    m.put("eth_getUncleByBlockNumberAndIndex",
        p -> uncle(chain.block(p.expect(2, 2).blockTag(0)), p.quantity(1)));
    m.put("eth_getUncleByBlockHashAndIndex",
        p -> uncle(chain.byHash(p.expect(2, 2).hash(0)), p.quantity(1)));
    m.put("eth_getTransactionByHash", p -> transactionByHash(p.expect(1, 1).hash(0)));
    m.put("eth_getTransactionByBlockNumberAndIndex",
        p -> transactionAt(chain.block(p.expect(2, 2).blockTag(0)), p.quantity(1)));
    m.put("eth_getTransactionByBlockHashAndIndex",
        p -> transactionAt(chain.byHash(p.expect(2, 2).hash(0)), p.quantity(1)));
    m.put("eth_getTransactionReceipt", p -> receipt(p.expect(1, 1).hash(0)));
    m.put("eth_getBlockReceipts", p -> blockReceipts(blockRef(p.expect(1, 1), 0)));
    m.put("eth_getLogs", p -> logs.run(LogFilter.parse(p.expect(1, 1).raw(0))));
    m.put("eth_feeHistory", fees::feeHistory);
    m.put("eth_blobBaseFee", fees::blobBaseFee);
    m.put("eth_maxPriorityFeePerGas", fees::maxPriorityFeePerGas);
    m.put("eth_gasPrice", fees::gasPrice);
    m.put("debug_getRawHeader", p -> rawHeader(blockRef(p.expect(1, 1), 0)));
    m.put("debug_getRawBlock", p -> rawBlock(blockRef(p.expect(1, 1), 0)));
    m.put("debug_getRawReceipts", p -> rawReceipts(blockRef(p.expect(1, 1), 0)));
    m.put("debug_getRawTransaction", p -> rawTransaction(p.expect(1, 1).hash(0)));
    return m;
  }

  private static JsonNode text(RpcParams checked, String value) {
    return TextNode.valueOf(value);
  }

  private JsonNode syncing(RpcParams p) {
    p.expect(0, 0);
    Optional<RpcNodeState.SyncProgress> s = node.syncing();
    if (s.isEmpty()) {
      return BooleanNode.FALSE;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("startingBlock", RpcJson.quantity(s.get().startingBlock()));
    o.put("currentBlock", RpcJson.quantity(s.get().currentBlock()));
    o.put("highestBlock", RpcJson.quantity(s.get().highestBlock()));
    return o;
  }

  private JsonNode blockJson(Optional<RpcChain.Block> b, boolean full) {
    return b.<JsonNode>map(x -> blocks.block(x, full)).orElse(NullNode.instance);
  }

  private interface Counter {
    int count(RpcChain.Block b);
  }

  private static JsonNode count(Optional<RpcChain.Block> b, Counter c) {
    return b.<JsonNode>map(x -> TextNode.valueOf(RpcJson.quantity(c.count(x)))).orElse(NullNode.instance);
  }

  private JsonNode uncle(Optional<RpcChain.Block> b, long index) {
    if (b.isEmpty()) {
      return NullNode.instance;
    }
    List<BlockHeader> uncles = b.get().body().uncles();
    // an index of 2^63 or more reads as negative: out of range, like any index past the end
    return index >= 0 && index < uncles.size() ? blocks.uncle(uncles.get((int) index)) : NullNode.instance;
  }

  private JsonNode transactionAt(Optional<RpcChain.Block> b, long index) {
    if (b.isEmpty()) {
      return NullNode.instance;
    }
    List<Transaction> txs = b.get().body().transactions();
    if (index < 0 || index >= txs.size()) { // negative: an index of 2^63 or more
      return NullNode.instance;
    }
    return transactions.inBlock(txs.get((int) index), b.get().header(), (int) index);
  }

  /** A canonical transaction found through the tx index: its block and position there. */
  private record Located(RpcChain.Block block, List<Transaction> txs, int index) {
    Transaction tx() {
      return txs.get(index);
    }
  }

  /**
   * Where the transaction {@code hash} is in the canonical chain; empty when the index does not
   * know it, or points at a block a reorg replaced since (the transaction there is another).
   */
  private Optional<Located> locate(Hash hash) {
    Optional<TxLocation> at = chain.transaction(hash);
    if (at.isEmpty()) {
      return Optional.empty();
    }
    Optional<RpcChain.Block> b = chain.byNumber(at.get().blockNumber());
    if (b.isEmpty()) {
      return Optional.empty();
    }
    List<Transaction> txs = b.get().body().transactions();
    int i = at.get().index();
    if (i >= txs.size() || !txs.get(i).hash().equals(hash)) {
      return Optional.empty();
    }
    return Optional.of(new Located(b.get(), txs, i)); // the body decoded once, here
  }

  private JsonNode transactionByHash(Hash hash) {
    return locate(hash).<JsonNode>map(l -> transactions.inBlock(l.tx(), l.block().header(), l.index()))
        .orElse(NullNode.instance);
  }

  /**
   * A block named by number, tag or hash: a 32-byte hash string, a tag or quantity, or the EIP-1898
   * object {@code {"blockHash": …}} / {@code {"blockNumber": …}}.
   */
  private Optional<RpcChain.Block> blockRef(RpcParams p, int i) {
    JsonNode n = p.raw(i);
    if (n != null && n.isObject()) {
      JsonNode hash = n.get("blockHash");
      JsonNode number = n.get("blockNumber");
      if ((hash == null) == (number == null)) {
        throw RpcException.invalidParams(
            RpcParams.arg(i) + ": give exactly one of blockHash and blockNumber");
      }
      if (hash != null) {
        Optional<RpcChain.Block> b =
            chain.byHash(RpcParams.hash(hash.asText(), RpcParams.arg(i) + ": blockHash"));
        JsonNode canonical = n.get("requireCanonical");
        if (b.isPresent() && canonical != null && canonical.asBoolean() && !chain.isCanonical(b.get().header())) {
          throw new RpcException(RpcError.INVALID_PARAMS, "hash " + hash.asText() + " is not currently canonical");
        }
        return b;
      }
      return chain.block(BlockTag.parse(number.asText(), RpcParams.arg(i) + ": blockNumber"));
    }
    if (n != null && n.isTextual() && n.asText().length() == 2 + 2 * Hash.SIZE) {
      return chain.byHash(p.hash(i));
    }
    return chain.block(p.blockTag(i));
  }

  private JsonNode blockReceipts(Optional<RpcChain.Block> b) {
    if (b.isEmpty()) {
      return NullNode.instance;
    }
    Optional<byte[]> stored = chain.receipts(b.get().header().hash());
    if (stored.isEmpty()) {
      return NullNode.instance;
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    receipts.block(b.get().header(), b.get().body().transactions(), ReceiptCodec.decode(stored.get()))
        .forEach(out::add);
    return out;
  }

  /** One receipt: the block's receipts are built together (gasUsed and logIndex need the ones before). */
  private JsonNode receipt(Hash txHash) {
    Optional<Located> l = locate(txHash);
    if (l.isEmpty()) {
      return NullNode.instance;
    }
    RpcChain.Block b = l.get().block();
    Optional<byte[]> stored = chain.receipts(b.header().hash());
    if (stored.isEmpty()) {
      return NullNode.instance;
    }
    return receipts.block(b.header(), l.get().txs(), ReceiptCodec.decode(stored.get()))
        .get(l.get().index());
  }

  private static JsonNode rawHeader(Optional<RpcChain.Block> b) {
    return b.<JsonNode>map(x -> TextNode.valueOf(RpcJson.data(x.headerRlp()))).orElse(NullNode.instance);
  }

  /** rlp([header, txs, uncles, withdrawals?]) from the stored bytes, nothing re-encoded. */
  private static JsonNode rawBlock(Optional<RpcChain.Block> b) {
    if (b.isEmpty()) {
      return NullNode.instance;
    }
    byte[] header = b.get().headerRlp();
    byte[] body = b.get().bodyRlp();
    int bodyPrefix = body.length - new RlpReader(body).nextPayloadLength();
    byte[] items = java.util.Arrays.copyOfRange(body, bodyPrefix, body.length);
    RlpWriter w = new RlpWriter(header.length + body.length + 8).startList();
    w.writeRaw(header).writeRaw(items);
    return TextNode.valueOf(RpcJson.data(w.endList().toByteArray()));
  }

  private JsonNode rawReceipts(Optional<RpcChain.Block> b) {
    if (b.isEmpty()) {
      return NullNode.instance;
    }
    Optional<byte[]> stored = chain.receipts(b.get().header().hash());
    if (stored.isEmpty()) {
      return NullNode.instance;
    }
    List<Receipt> receipts = ReceiptCodec.decode(stored.get());
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (byte[] encoding : ReceiptCodec.consensusEncodings(receipts)) {
      out.add(RpcJson.data(encoding));
    }
    return out;
  }

  private JsonNode rawTransaction(Hash hash) {
    return locate(hash).<JsonNode>map(l -> TextNode.valueOf(RpcJson.data(l.tx().encoded())))
        .orElse(NullNode.instance);
  }
}
