package io.ethfollow.devnet;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.store.BlockData;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Puts a Prague header on generated content and links it to its parent: the roots, bloom and gas
 * from the content; base fee (EIP-1559) and excess blob gas (EIP-4844 with Prague's target) from the
 * parent; fee recipient, state root, prevRandao and beacon root derived from (seed, number, branch).
 * Cheap (one header keccak), so it runs in block order on the writer thread. Stateless apart from
 * the parameters; thread-safe.
 */
final class DevnetBlockBuilder {
  /** Every devnet header's extraData, so a devnet block is recognisable in any dump. */
  static final byte[] EXTRA_DATA = "ethfollow devnet".getBytes(StandardCharsets.US_ASCII);
  /** EIP-1559: the base fee moves by at most 1/8 per block. */
  private static final long BASE_FEE_CHANGE_DENOMINATOR = 8;
  /** EIP-1559: the gas target is half the limit. */
  private static final long ELASTICITY = 2;
  /** EIP-7691 (Prague): target 6 blobs per block. */
  private static final long TARGET_BLOB_GAS = 6 * ContentGenerator.GAS_PER_BLOB;
  /** Purpose tag of the header's random stream (separate from the content's). */
  private static final long STREAM_HEADER = 0x68656164L;
  /** EIP-7685 requestsHash of a block without execution-layer requests: sha256 of nothing. */
  static final Hash EMPTY_REQUESTS_HASH = sha256Empty();

  private final DevnetParams params;
  private final ContentPools pools;

  DevnetBlockBuilder(DevnetParams params, ContentPools pools) {
    this.params = params;
    this.pools = pools;
  }

  /** The block: header over {@code content}, child of {@code parent}; receipts in eth/69 form. */
  BlockData assemble(BlockHeader parent, BlockContent content) {
    if (content.number() != parent.number() + 1) {
      throw new IllegalArgumentException(
          "block " + content.number() + " cannot follow block " + parent.number());
    }
    Rng r = new Rng(params.seed(), content.number(), content.branch(), STREAM_HEADER);
    BlockHeader.Fields f = new BlockHeader.Fields();
    f.parentHash = parent.hash();
    f.coinbase = pools.coinbases[r.nextInt(ContentPools.COINBASES)].clone();
    f.stateRoot = Hash.of(r.bytes(Hash.SIZE));
    f.transactionsRoot = content.transactionsRoot();
    f.receiptsRoot = content.receiptsRoot();
    f.logsBloom = content.logsBloom();
    f.difficulty = BigInteger.ZERO;
    f.number = content.number();
    f.gasLimit = parent.gasLimit();
    f.gasUsed = content.gasUsed();
    f.timestamp = params.timestamp(content.number());
    f.extraData = EXTRA_DATA.clone();
    f.mixHash = Hash.of(r.bytes(Hash.SIZE)); // prevRandao
    f.baseFeePerGas = BigInteger.valueOf(nextBaseFee(parent));
    f.withdrawalsRoot = content.withdrawalsRoot();
    f.blobGasUsed = content.blobGasUsed();
    f.excessBlobGas = Math.max(0, parent.excessBlobGas() + parent.blobGasUsed() - TARGET_BLOB_GAS);
    f.parentBeaconBlockRoot = Hash.of(r.bytes(Hash.SIZE));
    f.requestsHash = EMPTY_REQUESTS_HASH;
    BlockHeader header = BlockHeader.create(f);
    return new BlockData(header, content.body(), content.receipts69(), List.of());
  }

  /**
   * Base fee bounds: EIP-1559 would let a devnet whose blocks run slightly above target compound its
   * base fee without limit over tens of thousands of blocks; mainnet's has stayed within 0.05-200
   * gwei, so the devnet's is clamped there (nothing checks base fees on the follow path).
   */
  private static final long MIN_BASE_FEE = 50_000_000L;

  private static final long MAX_BASE_FEE = 200_000_000_000L;

  /** EIP-1559's base fee of the child of {@code parent}, clamped to [0.05, 200] gwei. */
  static long nextBaseFee(BlockHeader parent) {
    return Math.min(MAX_BASE_FEE, Math.max(MIN_BASE_FEE, eip1559(parent)));
  }

  private static long eip1559(BlockHeader parent) {
    long base = parent.baseFeePerGas().longValueExact();
    long target = parent.gasLimit() / ELASTICITY;
    long used = parent.gasUsed();
    if (used == target || target == 0) {
      return base;
    }
    if (used > target) {
      long delta = Math.max(1, base * (used - target) / target / BASE_FEE_CHANGE_DENOMINATOR);
      return base + delta;
    }
    long delta = base * (target - used) / target / BASE_FEE_CHANGE_DENOMINATOR;
    return Math.max(1, base - delta);
  }

  private static Hash sha256Empty() {
    try {
      return Hash.of(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}
