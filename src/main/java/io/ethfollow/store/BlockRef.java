package io.ethfollow.store;

import io.ethfollow.chain.Hash;
import java.util.Objects;

/** A block's number and hash: what heads and canonical entries are made of. */
public record BlockRef(long number, Hash hash) {
  public BlockRef {
    Objects.requireNonNull(hash, "hash");
  }
}
