package io.ethfollow.rpc;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.TxLocation;
import io.ethfollow.chain.Transaction;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The store as the JSON-RPC sees it: block tags resolved to numbers, blocks by number or hash.
 * {@code latest} (and {@code pending}) is the contiguous head — the highest block with every block
 * from the sync start up to it stored — so a client that walks up to latest never meets a fast-sync
 * hole; {@code earliest} is the sync start; {@code safe} and {@code finalized} are latest minus the
 * rollback window (the deepest reorg the daemon follows: below it nothing is ever rolled back), but
 * not below earliest. Stateless over the store; any RPC worker thread.
 */
public final class RpcChain {
  private final BlockStore store;
  private final int rollbackWindow;

  /** @param rollbackWindow the deepest reorg the sync engine follows (blocks) */
  public RpcChain(BlockStore store, int rollbackWindow) {
    this.store = store;
    this.rollbackWindow = rollbackWindow;
  }

  /** A stored block: its header and its body bytes as stored (rlp([txs, uncles, withdrawals?])). */
  public record Block(BlockHeader header, byte[] headerRlp, byte[] bodyRlp) {
    public BlockBody body() {
      return BlockBody.decode(bodyRlp);
    }
  }

  /** The contiguous head, or empty while the store holds no complete span. */
  public OptionalLong latest() {
    return store.contiguousHead();
  }

  public OptionalLong earliest() {
    return store.syncStart();
  }

  /** The number {@code tag} names now, or empty when the store has nothing there yet. */
  public OptionalLong resolve(BlockTag tag) {
    if (tag instanceof BlockTag.Number n) {
      return OptionalLong.of(n.number());
    }
    OptionalLong latest = latest();
    switch ((BlockTag.Named) tag) {
      case LATEST:
      case PENDING:
        return latest;
      case EARLIEST:
        return earliest();
      case SAFE:
      case FINALIZED:
        if (latest.isEmpty()) {
          return latest;
        }
        long start = earliest().orElse(0);
        return OptionalLong.of(Math.max(start, latest.getAsLong() - rollbackWindow));
      default:
        throw new IllegalStateException("unknown tag " + tag);
    }
  }

  public Optional<Block> block(BlockTag tag) {
    OptionalLong n = resolve(tag);
    return n.isEmpty() ? Optional.empty() : byNumber(n.getAsLong());
  }

  public Optional<Block> byNumber(long number) {
    return store.canonicalHash(number).flatMap(this::byHash);
  }

  /** A canonical header alone: range scans read bodies only for the blocks they need. */
  public Optional<BlockHeader> headerByNumber(long number) {
    return store.canonicalHash(number).flatMap(store::headerRlp).map(BlockHeader::decode);
  }

  public Optional<Block> byHash(Hash hash) {
    Optional<byte[]> header = store.headerRlp(hash);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    Optional<byte[]> body = store.body(hash);
    if (body.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Block(BlockHeader.decode(header.get()), header.get(), body.get()));
  }

  /** Whether {@code hash} is the canonical block at its height (not a side branch). */
  public boolean isCanonical(BlockHeader header) {
    return store.canonicalHash(header.number()).map(header.hash()::equals).orElse(false);
  }

  /** Canonical block {@code number}'s transaction hashes, without decoding its body when indexed. */
  public List<Hash> transactionHashes(BlockHeader header) {
    Optional<List<Hash>> indexed = store.blockTxHashes(header.number());
    if (indexed.isPresent()) {
      return indexed.get();
    }
    return byHash(header.hash()).map(b -> b.body().transactions().stream().map(Transaction::hash).toList())
        .orElseThrow(() -> new RpcException(RpcError.HISTORY_UNAVAILABLE,
            "body of block " + header.number() + " is not in this store"));
  }

  public Optional<byte[]> receipts(Hash blockHash) {
    return store.receipts(blockHash);
  }

  public Optional<TxLocation> transaction(Hash txHash) {
    return store.transaction(txHash);
  }
}
