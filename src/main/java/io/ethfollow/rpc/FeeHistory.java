package io.ethfollow.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.Receipt;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.chain.Transaction;
import io.ethfollow.chain.TransactionFields;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The fee methods, from stored blocks only: {@code eth_feeHistory} (base fees including the next
 * block's, gas-used ratios, blob base fees and ratios, reward percentiles of effective tips
 * weighted by gas used), {@code eth_blobBaseFee} (the next block's), {@code eth_maxPriorityFeePerGas}
 * (geth's oracle: the 60th percentile of the 3 lowest tips of each of the last 20 blocks; it does
 * not leave out the block builder's own transactions, as geth does) and {@code eth_gasPrice} (that
 * tip plus the head's base fee). Any RPC worker thread.
 */
final class FeeHistory {
  /** geth's cap on blocks per fee-history query: enough for any fee estimator's window. */
  static final int MAX_BLOCKS = 1024;

  /** Reward percentiles one query may ask (geth's limit): each costs an entry per block. */
  static final int MAX_PERCENTILES = 100;

  /**
   * geth's gas price oracle defaults: the 60th percentile of the 3 lowest tips (of at least 2 wei)
   * of each of the last 20 blocks, capped at 500 gwei.
   */
  static final int ORACLE_BLOCKS = 20;

  static final double ORACLE_PERCENTILE = 60;

  /** Tips sampled per block: the lowest ones, so a few generous senders do not set the price. */
  static final int ORACLE_SAMPLES_PER_BLOCK = 3;

  /** Tips below this are spam or the block builder's own; geth ignores them too. */
  static final BigInteger ORACLE_IGNORE_BELOW = BigInteger.TWO;

  /** geth's cap on a suggested tip: 500 gwei. */
  static final BigInteger ORACLE_MAX_TIP = BigInteger.valueOf(500_000_000_000L);

  /** EIP-1559: the gas target is half the limit, and the base fee moves by at most 1/8 a block. */
  private static final long ELASTICITY = 2;

  private static final long BASE_FEE_CHANGE_DENOMINATOR = 8;

  /** EIP-1559's base fee of the first London block (1 gwei). */
  private static final BigInteger INITIAL_BASE_FEE = BigInteger.valueOf(1_000_000_000L);

  /** EIP-7918 (Osaka): blob gas is priced at least at this many units of execution base fee. */
  private static final long BLOB_BASE_COST = 1L << 13;

  private final RpcChain chain;
  private final ChainSpec spec;

  FeeHistory(RpcChain chain, ChainSpec spec) {
    this.chain = chain;
    this.spec = spec;
  }

  JsonNode feeHistory(RpcParams p) {
    p.expect(2, 3);
    long count = blockCount(p.raw(0));
    OptionalLong newest = chain.resolve(p.blockTag(1));
    List<Double> percentiles = percentiles(p.raw(2));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    OptionalLong latest = chain.latest();
    if (count == 0 || newest.isEmpty() || latest.isEmpty()) {
      o.put("oldestBlock", "0x0");
      o.putArray("baseFeePerGas");
      o.putArray("gasUsedRatio");
      return o;
    }
    long last = Math.min(newest.getAsLong(), latest.getAsLong());
    long blocks = count < 0 || count > MAX_BLOCKS ? MAX_BLOCKS : count; // < 0: parsed as 2^63 or more
    long earliest = chain.earliest().orElse(0);
    if (last < earliest) {
      throw new RpcException(RpcError.HISTORY_UNAVAILABLE, "history before block " + earliest
          + " is not in this store; newest block asked " + last);
    }
    long first = Math.max(earliest, last - blocks + 1);
    ArrayNode baseFees = JsonNodeFactory.instance.arrayNode();
    ArrayNode ratios = JsonNodeFactory.instance.arrayNode();
    ArrayNode blobFees = JsonNodeFactory.instance.arrayNode();
    ArrayNode blobRatios = JsonNodeFactory.instance.arrayNode();
    ArrayNode rewards = JsonNodeFactory.instance.arrayNode();
    BlockHeader h = null;
    for (long n = first; n <= last; n++) {
      RpcChain.Block b = chain.byNumber(n).orElseThrow(() -> new RpcException(
          RpcError.HISTORY_UNAVAILABLE, "block is not in this store"));
      h = b.header();
      baseFees.add(RpcJson.quantity(orZero(h.baseFeePerGas())));
      ratios.add(h.gasLimit() == 0 ? 0.0 : (double) h.gasUsed() / h.gasLimit());
      blobFees.add(RpcJson.quantity(orZero(BlobFees.blobBaseFee(spec, h))));
      BlobFees.Schedule s = schedule(h);
      blobRatios.add(h.blobGasUsed() == null || s == null ? 0.0
          : (double) h.blobGasUsed() / (s.max() * BlobFees.GAS_PER_BLOB));
      if (!percentiles.isEmpty()) {
        ArrayNode r = rewards.addArray();
        for (BigInteger tip : rewardPercentiles(b, percentiles)) {
          r.add(RpcJson.quantity(tip));
        }
      }
    }
    baseFees.add(RpcJson.quantity(orZero(nextBaseFee(h))));
    blobFees.add(RpcJson.quantity(orZero(nextBlobBaseFee(h))));
    o.put("oldestBlock", RpcJson.quantity(first));
    if (!percentiles.isEmpty()) {
      o.set("reward", rewards);
    }
    o.set("baseFeePerGas", baseFees);
    o.set("gasUsedRatio", ratios);
    o.set("baseFeePerBlobGas", blobFees);
    o.set("blobGasUsedRatio", blobRatios);
    return o;
  }

  JsonNode blobBaseFee(RpcParams p) {
    p.expect(0, 0);
    return TextNode.valueOf(RpcJson.quantity(orZero(head().map(this::nextBlobBaseFee).orElse(null))));
  }

  JsonNode maxPriorityFeePerGas(RpcParams p) {
    p.expect(0, 0);
    return TextNode.valueOf(RpcJson.quantity(oracleTip()));
  }

  /** The suggested tip plus the head block's base fee (geth adds the head's, not the next one's). */
  JsonNode gasPrice(RpcParams p) {
    p.expect(0, 0);
    BigInteger base = head().map(BlockHeader::baseFeePerGas).orElse(null);
    return TextNode.valueOf(RpcJson.quantity(oracleTip().add(orZero(base))));
  }

  private Optional<BlockHeader> head() {
    OptionalLong latest = chain.latest();
    return latest.isEmpty() ? Optional.empty() : chain.byNumber(latest.getAsLong()).map(RpcChain.Block::header);
  }

  /** The suggested tip: geth's oracle over the last 20 blocks (0 when they hold no transactions). */
  private BigInteger oracleTip() {
    OptionalLong latest = chain.latest();
    if (latest.isEmpty()) {
      return BigInteger.ZERO;
    }
    List<BigInteger> samples = new ArrayList<>();
    long start = chain.earliest().orElse(0);
    for (long n = latest.getAsLong(); n > latest.getAsLong() - ORACLE_BLOCKS && n >= start; n--) {
      chain.byNumber(n).ifPresent(b -> {
        List<BigInteger> tips = new ArrayList<>();
        for (Transaction tx : b.body().transactions()) {
          BigInteger t = tip(TransactionFields.of(tx), b.header().baseFeePerGas());
          if (t.compareTo(ORACLE_IGNORE_BELOW) >= 0) {
            tips.add(t);
          }
        }
        tips.sort(Comparator.naturalOrder());
        samples.addAll(tips.subList(0, Math.min(ORACLE_SAMPLES_PER_BLOCK, tips.size())));
      });
    }
    if (samples.isEmpty()) {
      return BigInteger.ZERO;
    }
    samples.sort(Comparator.naturalOrder());
    BigInteger tip = samples.get((int) ((samples.size() - 1) * ORACLE_PERCENTILE / 100));
    return tip.min(ORACLE_MAX_TIP);
  }

  /** The tips at each percentile of the block's gas used (geth's weighting), 0s for an empty block. */
  private List<BigInteger> rewardPercentiles(RpcChain.Block b, List<Double> percentiles) {
    List<Transaction> txs = b.body().transactions();
    List<BigInteger> out = new ArrayList<>();
    if (txs.isEmpty()) {
      percentiles.forEach(x -> out.add(BigInteger.ZERO));
      return out;
    }
    List<Receipt> receipts = ReceiptCodec.decode(chain.receipts(b.header().hash())
        .orElseThrow(() -> new RpcException(RpcError.HISTORY_UNAVAILABLE, "receipts not in this store")));
    record Tip(BigInteger tip, long gas) {}
    List<Tip> tips = new ArrayList<>();
    long previous = 0;
    for (int i = 0; i < txs.size(); i++) {
      long gas = receipts.get(i).cumulativeGasUsed() - previous;
      previous = receipts.get(i).cumulativeGasUsed();
      tips.add(new Tip(tip(TransactionFields.of(txs.get(i)), b.header().baseFeePerGas()), gas));
    }
    tips.sort(Comparator.comparing(Tip::tip));
    long gasUsed = b.header().gasUsed();
    int i = 0;
    long cumulative = tips.get(0).gas();
    for (double p : percentiles) {
      long threshold = (long) (gasUsed * p / 100); // geth truncates to whole gas
      while (cumulative < threshold && i < tips.size() - 1) {
        i++;
        cumulative += tips.get(i).gas();
      }
      out.add(tips.get(i).tip());
    }
    return out;
  }

  private static BigInteger tip(TransactionFields f, BigInteger baseFee) {
    BigInteger paid = f.effectiveGasPrice(baseFee);
    return baseFee == null ? paid : paid.subtract(baseFee).max(BigInteger.ZERO);
  }

  /** EIP-1559's base fee of the block after {@code parent} (null before London). */
  private BigInteger nextBaseFee(BlockHeader parent) {
    BigInteger base = parent.baseFeePerGas();
    if (base == null) {
      return spec.isActive("london", parent.number() + 1, parent.timestamp()) ? INITIAL_BASE_FEE : null;
    }
    long target = parent.gasLimit() / ELASTICITY;
    if (target == 0 || parent.gasUsed() == target) {
      return base;
    }
    BigInteger t = BigInteger.valueOf(target);
    BigInteger den = BigInteger.valueOf(BASE_FEE_CHANGE_DENOMINATOR);
    if (parent.gasUsed() > target) {
      BigInteger delta = base.multiply(BigInteger.valueOf(parent.gasUsed() - target)).divide(t).divide(den);
      return base.add(delta.max(BigInteger.ONE));
    }
    BigInteger delta = base.multiply(BigInteger.valueOf(target - parent.gasUsed())).divide(t).divide(den);
    return base.subtract(delta);
  }

  /** The blob base fee of the block after {@code parent} (null before Cancun). */
  private BigInteger nextBlobBaseFee(BlockHeader parent) {
    BlobFees.Schedule s = schedule(parent);
    if (s == null || parent.excessBlobGas() == null) {
      return null;
    }
    long excess = parent.excessBlobGas();
    long used = parent.blobGasUsed();
    long targetGas = s.target() * BlobFees.GAS_PER_BLOB;
    long next;
    if (excess + used < targetGas) {
      next = 0;
    } else if (spec.isActive("osaka", parent.number(), parent.timestamp())
        && BigInteger.valueOf(BLOB_BASE_COST).multiply(orZero(parent.baseFeePerGas()))
            .compareTo(BigInteger.valueOf(BlobFees.GAS_PER_BLOB).multiply(orZero(BlobFees.blobBaseFee(spec, parent)))) > 0) {
      next = excess + used * (s.max() - s.target()) / s.max(); // EIP-7918: execution-fee floor
    } else {
      next = excess + used - targetGas;
    }
    return BlobFees.fakeExponential(BigInteger.ONE, BigInteger.valueOf(next), BigInteger.valueOf(s.updateFraction()));
  }

  private BlobFees.Schedule schedule(BlockHeader h) {
    for (BlobFees.Schedule s : BlobFees.SCHEDULES) {
      if (spec.isActive(s.fork(), h.number(), h.timestamp())) {
        return s;
      }
    }
    return null;
  }

  private static long blockCount(JsonNode n) {
    if (n != null && n.isIntegralNumber()) {
      return Math.max(0, n.asLong());
    }
    if (n == null || !n.isTextual()) {
      throw RpcException.invalidParams(RpcParams.arg(0) + ": expected a block count");
    }
    return RpcParams.quantity(n.asText(), RpcParams.arg(0));
  }

  private static List<Double> percentiles(JsonNode n) {
    List<Double> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw RpcException.invalidParams(RpcParams.arg(2) + ": expected a list of percentiles");
    }
    if (n.size() > MAX_PERCENTILES) {
      throw RpcException.invalidParams(
          RpcParams.arg(2) + ": at most " + MAX_PERCENTILES + " reward percentiles");
    }
    double previous = -1;
    for (JsonNode x : n) {
      if (!x.isNumber() || x.asDouble() < 0 || x.asDouble() > 100 || x.asDouble() < previous) {
        throw RpcException.invalidParams(RpcParams.arg(2) + ": percentiles must rise within 0-100, got " + n);
      }
      previous = x.asDouble();
      out.add(previous);
    }
    return out;
  }

  private static BigInteger orZero(BigInteger v) {
    return v == null ? BigInteger.ZERO : v;
  }
}
