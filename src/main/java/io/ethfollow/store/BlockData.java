package io.ethfollow.store;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import java.util.List;
import java.util.Objects;

/**
 * A verified block as the store writes it. {@code body} and {@code receipts} are opaque RLP (the sync
 * engine stores receipts in eth/69 form); {@code txHashes} are the block's transaction hashes in
 * order, used for the tx index. The arrays are not copied: the caller hands them over.
 */
public record BlockData(BlockHeader header, byte[] body, byte[] receipts, List<Hash> txHashes) {
  public BlockData {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(receipts, "receipts");
    txHashes = List.copyOf(txHashes);
  }

  public long number() {
    return header.number();
  }

  public Hash hash() {
    return header.hash();
  }
}
