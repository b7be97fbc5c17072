package io.ethfollow.wire.eth;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.ForkId;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.Receipt;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.chain.TrieRoot;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.wire.MessageDecodeException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The messages of the eth protocol, versions 68 and 69 (caps/eth.md, EIP-7642). Encoding and decoding
 * live in {@link EthCodec}. Request ids (eth/66+) are unsigned 64-bit values held in a {@code long}
 * (compare with {@link Long#compareUnsigned}); the requester picks them and the responder echoes them.
 * Every record is immutable (byte arrays are never exposed for writing by the codec; callers must not
 * mutate the arrays they pass or get); thread-safe.
 */
public sealed interface EthMessage {

  /** The code this message is sent with. */
  EthMessageId id();

  /** Requests and responses: the messages that carry a request id (eth/66+). */
  sealed interface Request extends EthMessage {
    long requestId();
  }

  /** Gossip we recognise but do not use: the session drops it after decoding its outer shape. */
  sealed interface Gossip extends EthMessage {
    /** Bytes of the payload, for accounting. */
    int payloadSize();
  }

  /** The eth handshake message, either form. */
  sealed interface Status extends EthMessage {
    long version();

    long networkId();

    Hash genesisHash();

    ForkId forkId();

    @Override
    default EthMessageId id() {
      return EthMessageId.STATUS;
    }
  }

  /** eth/68 Status: {@code [version, networkid, td, blockhash, genesis, forkid]}. */
  record Status68(
      long version,
      long networkId,
      BigInteger totalDifficulty,
      Hash bestHash,
      Hash genesisHash,
      ForkId forkId)
      implements Status {
    public Status68 {
      Objects.requireNonNull(totalDifficulty, "totalDifficulty");
      Objects.requireNonNull(bestHash, "bestHash");
      Objects.requireNonNull(genesisHash, "genesisHash");
      Objects.requireNonNull(forkId, "forkId");
    }
  }

  /**
   * eth/69 Status: {@code [version, networkid, genesis, forkid, earliest, latest, latestHash]}.
   * {@code earliest > latest} is allowed here so that {@link StatusValidator} can name the breach;
   * the codec accepts it too.
   */
  record Status69(
      long version,
      long networkId,
      Hash genesisHash,
      ForkId forkId,
      long earliest,
      long latest,
      Hash latestHash)
      implements Status {
    public Status69 {
      Objects.requireNonNull(genesisHash, "genesisHash");
      Objects.requireNonNull(forkId, "forkId");
      Objects.requireNonNull(latestHash, "latestHash");
      if (earliest < 0 || latest < 0) {
        throw new IllegalArgumentException("negative block number");
      }
    }
  }

  /** Where a header request starts: a block number or a block hash. */
  sealed interface Origin {
    /** Start at this canonical block number. */
    record Number(long number) implements Origin {
      public Number {
        if (number < 0) {
          throw new IllegalArgumentException("negative block number " + number);
        }
      }
    }

    /** Start at the block with this hash. */
    record ByHash(Hash hash) implements Origin {
      public ByHash {
        Objects.requireNonNull(hash, "hash");
      }
    }
  }

  /**
   * {@code [request-id, [origin, amount, skip, reverse]]}. {@code amount} and {@code skip} are
   * unsigned 64-bit on the wire; the codec saturates values above 2^63-1 to {@link Long#MAX_VALUE}
   * (the server clamps amount to 1024 anyway and treats huge skips as running off the chain).
   */
  record GetBlockHeaders(long requestId, Origin origin, long amount, long skip, boolean reverse)
      implements Request {
    public GetBlockHeaders {
      Objects.requireNonNull(origin, "origin");
      if (amount < 0 || skip < 0) {
        throw new IllegalArgumentException("negative amount or skip");
      }
    }

    @Override
    public EthMessageId id() {
      return EthMessageId.GET_BLOCK_HEADERS;
    }
  }

  /** {@code [request-id, [header...]]}. */
  record BlockHeaders(long requestId, List<BlockHeader> headers) implements Request {
    public BlockHeaders {
      headers = List.copyOf(headers);
    }

    @Override
    public EthMessageId id() {
      return EthMessageId.BLOCK_HEADERS;
    }
  }

  /** {@code [request-id, [blockhash...]]}. */
  record GetBlockBodies(long requestId, List<Hash> hashes) implements Request {
    public GetBlockBodies {
      hashes = List.copyOf(hashes);
    }

    @Override
    public EthMessageId id() {
      return EthMessageId.GET_BLOCK_BODIES;
    }
  }

  /**
   * {@code [request-id, [body...]]}, each body kept as its raw RLP ({@code [txs, uncles]} or {@code
   * [txs, uncles, withdrawals]}) so the pipeline can verify it and store the same bytes. The codec
   * checks only that each body is one RLP list; {@link #decodeBodies()} parses them.
   */
  record BlockBodies(long requestId, List<byte[]> rawBodies) implements Request {
    public BlockBodies {
      rawBodies = List.copyOf(rawBodies);
    }

    /** Builds the message from decoded bodies (tests, devnet). */
    public static BlockBodies of(long requestId, List<BlockBody> bodies) {
      List<byte[]> raw = new ArrayList<>(bodies.size());
      for (BlockBody b : bodies) {
        raw.add(b.encode());
      }
      return new BlockBodies(requestId, raw);
    }

    /**
     * Parses every body.
     *
     * @throws MessageDecodeException when a body is not a valid block body
     */
    public List<BlockBody> decodeBodies() {
      List<BlockBody> out = new ArrayList<>(rawBodies.size());
      for (int i = 0; i < rawBodies.size(); i++) {
        try {
          out.add(BlockBody.decode(rawBodies.get(i)));
        } catch (RlpException | IllegalArgumentException e) {
          throw new MessageDecodeException(
              "eth", EthMessageId.BLOCK_BODIES.code(), "body " + i + ": " + e.getMessage(), e);
        }
      }
      return out;
    }

    @Override
    public EthMessageId id() {
      return EthMessageId.BLOCK_BODIES;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BlockBodies b && b.requestId == requestId && rawEquals(b.rawBodies, rawBodies);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(requestId) * 31 + rawBodies.size();
    }
  }

  /** {@code [request-id, [blockhash...]]}. */
  record GetReceipts(long requestId, List<Hash> hashes) implements Request {
    public GetReceipts {
      hashes = List.copyOf(hashes);
    }

    @Override
    public EthMessageId id() {
      return EthMessageId.GET_RECEIPTS;
    }
  }

  /**
   * One block's receipts with their eth/69 encoding (the storage form), so that the store writes
   * exactly what was verified. Received receipts are decoded by the codec when the message arrives;
   * stored receipts served to peers ({@link #stored}) are decoded only if something asks for {@link
   * #receipts()} or {@link #eth68Rlp()} (an eth/68 peer): an eth/69 peer gets the stored bytes as
   * they are, without a single keccak. Immutable and thread-safe (the lazy forms are computed at
   * most once per thread and published through volatile fields); callers must not mutate the arrays
   * they pass or get.
   */
  final class BlockReceipts {
    private final byte[] eth69Rlp;
    private volatile List<Receipt> receipts;
    private volatile byte[] eth68Rlp;
    private volatile Hash receiptsRoot;

    /**
     * @param receipts the block's receipts in transaction order
     * @param eth69Rlp the block's receipt list in eth/69 form
     */
    public BlockReceipts(List<Receipt> receipts, byte[] eth69Rlp) {
      this.receipts = List.copyOf(receipts);
      this.eth69Rlp = Objects.requireNonNull(eth69Rlp, "eth69Rlp");
    }

    private BlockReceipts(byte[] eth69Rlp) {
      this.eth69Rlp = Objects.requireNonNull(eth69Rlp, "eth69Rlp");
    }

    /** From the stored (eth/69) form, decoded now (so malformed bytes fail here). */
    public static BlockReceipts fromEth69(byte[] eth69Rlp) {
      return new BlockReceipts(ReceiptCodec.decodeEth69(eth69Rlp), eth69Rlp);
    }

    /**
     * From the stored (eth/69) form, not decoded: the serving path. The bytes are trusted (they were
     * verified before they were stored); {@link #receipts()} decodes them on first use and throws
     * {@link RlpException} if they are malformed.
     */
    public static BlockReceipts stored(byte[] eth69Rlp) {
      return new BlockReceipts(eth69Rlp);
    }

    /** From decoded receipts; the eth/69 form is computed. */
    public static BlockReceipts of(List<Receipt> receipts) {
      return new BlockReceipts(receipts, ReceiptCodec.encodeEth69(receipts));
    }

    /** The block's receipts in transaction order (decoded on first call for {@link #stored}). */
    public List<Receipt> receipts() {
      List<Receipt> r = receipts;
      if (r == null) {
        r = ReceiptCodec.decodeEth69(eth69Rlp);
        receipts = r;
      }
      return r;
    }

    /** The block's receipt list in eth/69 form. */
    public byte[] eth69Rlp() {
      return eth69Rlp;
    }

    /** The block's receipt list in eth/68 form (blooms included), computed once. */
    public byte[] eth68Rlp() {
      byte[] e = eth68Rlp;
      if (e == null) {
        e = ReceiptCodec.encodeEth68(receipts());
        eth68Rlp = e;
      }
      return e;
    }

    /**
     * Root of the receipts trie of these receipts (what a header's receiptsRoot commits to),
     * computed once: the request that matches an answer to its headers and the verifier that
     * checks the block before it is stored both need it.
     */
    public Hash receiptsRoot() {
      Hash h = receiptsRoot;
      if (h == null) {
        h = TrieRoot.ordered(ReceiptCodec.consensusEncodings(receipts()));
        receiptsRoot = h;
      }
      return h;
    }

    /** True while the receipts have not been decoded (a {@link #stored} list nobody looked into). */
    public boolean undecoded() {
      return receipts == null;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BlockReceipts b && Arrays.equals(b.eth69Rlp, eth69Rlp);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(eth69Rlp);
    }

    @Override
    public String toString() {
      List<Receipt> r = receipts;
      return r == null
          ? "BlockReceipts[" + eth69Rlp.length + " bytes, undecoded]"
          : "BlockReceipts[" + r.size() + " receipts]";
    }
  }

  /**
   * {@code [request-id, [[receipt...]...]]}: per block, eth/68 form (with blooms, typed receipts as
   * byte strings) or eth/69 form (no bloom, {@code [type, status, gas, logs]}).
   *
   * @param form the wire form this message is in (follows the negotiated eth version)
   */
  record Receipts(long requestId, ReceiptCodec.Form form, List<BlockReceipts> blocks)
      implements Request {
    public Receipts {
      Objects.requireNonNull(form, "form");
      blocks = List.copyOf(blocks);
    }

    @Override
    public EthMessageId id() {
      return EthMessageId.RECEIPTS;
    }
  }

  /**
   * eth/69: the sender's served range changed. {@code earliest > latest} is a protocol breach, so
   * the record refuses it (the codec turns that into a {@link MessageDecodeException}).
   */
  record BlockRangeUpdate(long earliest, long latest, Hash latestHash) implements EthMessage {
    public BlockRangeUpdate {
      Objects.requireNonNull(latestHash, "latestHash");
      if (earliest < 0 || latest < 0) {
        throw new IllegalArgumentException("negative block number");
      }
      if (earliest > latest) {
        throw new IllegalArgumentException(
            "earliest block " + earliest + " is above latest block " + latest);
      }
    }

    @Override
    public EthMessageId id() {
      return EthMessageId.BLOCK_RANGE_UPDATE;
    }
  }

  /** Pre-merge block announcement; nobody sends it since the merge. */
  record NewBlockHashes(int payloadSize) implements Gossip {
    @Override
    public EthMessageId id() {
      return EthMessageId.NEW_BLOCK_HASHES;
    }
  }

  /** Pre-merge full block announcement. */
  record NewBlock(int payloadSize) implements Gossip {
    @Override
    public EthMessageId id() {
      return EthMessageId.NEW_BLOCK;
    }
  }

  /** Transaction gossip; we keep no transaction pool. */
  record Transactions(int payloadSize) implements Gossip {
    @Override
    public EthMessageId id() {
      return EthMessageId.TRANSACTIONS;
    }
  }

  /** Transaction hash announcement; we keep no transaction pool. */
  record NewPooledTransactionHashes(int payloadSize) implements Gossip {
    @Override
    public EthMessageId id() {
      return EthMessageId.NEW_POOLED_TRANSACTION_HASHES;
    }
  }

  /**
   * A request for pool transactions; we have none, so the session may answer with an empty {@link
   * PooledTransactions} for this request id (or ignore it).
   */
  record GetPooledTransactions(long requestId, int payloadSize) implements Gossip, Request {
    @Override
    public EthMessageId id() {
      return EthMessageId.GET_POOLED_TRANSACTIONS;
    }
  }

  /** Pool transactions (we never ask, so an unsolicited one is dropped). */
  record PooledTransactions(long requestId, int payloadSize) implements Gossip, Request {
    @Override
    public EthMessageId id() {
      return EthMessageId.POOLED_TRANSACTIONS;
    }
  }

  private static boolean rawEquals(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
