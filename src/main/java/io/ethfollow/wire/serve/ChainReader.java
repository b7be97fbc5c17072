package io.ethfollow.wire.serve;

import io.ethfollow.chain.Hash;
import java.util.Optional;

/**
 * What {@link RequestServer} reads to answer peers: the port the block store implements. Every
 * method returns stored bytes as they are (no decoding, no copying required), or empty when the
 * data is not there (never stored, pruned, or not canonical). Implementations must be safe to call
 * from the thread that serves requests; they must not block on the network, and they answer data
 * they cannot read (damaged storage) as absent rather than throwing.
 */
public interface ChainReader {
  /** RLP of the canonical header at this number. */
  Optional<byte[]> headerByNumber(long number);

  /** RLP of the header with this hash, canonical or not. */
  Optional<byte[]> headerByHash(Hash hash);

  /** Hash of the canonical block at this number. */
  Optional<Hash> canonicalHash(long number);

  /**
   * True when {@code hash} is the canonical block at {@code number}; false also when that cannot be
   * read (a reader over damaged storage answers "not canonical" rather than failing the request).
   */
  default boolean isCanonical(long number, Hash hash) {
    return canonicalHash(number).map(hash::equals).orElse(false);
  }

  /** RLP of the body ({@code [txs, uncles]} or {@code [txs, uncles, withdrawals]}) of a block. */
  Optional<byte[]> bodyByHash(Hash hash);

  /** RLP of a block's receipt list in eth/69 form (the storage form). */
  Optional<byte[]> receiptsByHash(Hash hash);

  /** A node that stores nothing (a checking tool, a test node): every peer request gets an empty answer. */
  static ChainReader empty() {
    return Empty.INSTANCE;
  }

  /** The reader of {@link #empty()}. */
  enum Empty implements ChainReader {
    INSTANCE;

    @Override
    public Optional<byte[]> headerByNumber(long number) {
      return Optional.empty();
    }

    @Override
    public Optional<byte[]> headerByHash(Hash hash) {
      return Optional.empty();
    }

    @Override
    public Optional<Hash> canonicalHash(long number) {
      return Optional.empty();
    }

    @Override
    public Optional<byte[]> bodyByHash(Hash hash) {
      return Optional.empty();
    }

    @Override
    public Optional<byte[]> receiptsByHash(Hash hash) {
      return Optional.empty();
    }
  }
}
