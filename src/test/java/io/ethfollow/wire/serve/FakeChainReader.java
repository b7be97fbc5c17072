package io.ethfollow.wire.serve;

import io.ethfollow.chain.Block;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An in-memory {@link ChainReader}: what a store would hold, filled by the test. */
final class FakeChainReader implements ChainReader {
  private final Map<Long, Hash> canonical = new HashMap<>();
  private final Map<Hash, byte[]> headers = new HashMap<>();
  private final Map<Hash, byte[]> bodies = new HashMap<>();
  private final Map<Hash, byte[]> receipts = new HashMap<>();

  FakeChainReader addCanonical(BlockHeader header) {
    canonical.put(header.number(), header.hash());
    headers.put(header.hash(), header.rlp());
    return this;
  }

  FakeChainReader addSideHeader(BlockHeader header) {
    headers.put(header.hash(), header.rlp());
    return this;
  }

  FakeChainReader addBlock(Block b) {
    addCanonical(b.header());
    bodies.put(b.hash(), b.body().encode());
    return this;
  }

  FakeChainReader putBody(Hash h, byte[] rlp) {
    bodies.put(h, rlp);
    return this;
  }

  FakeChainReader putReceipts(Hash h, byte[] eth69) {
    receipts.put(h, eth69);
    return this;
  }

  @Override
  public Optional<byte[]> headerByNumber(long number) {
    Hash h = canonical.get(number);
    return h == null ? Optional.empty() : Optional.ofNullable(headers.get(h));
  }

  @Override
  public Optional<byte[]> headerByHash(Hash hash) {
    return Optional.ofNullable(headers.get(hash));
  }

  @Override
  public Optional<Hash> canonicalHash(long number) {
    return Optional.ofNullable(canonical.get(number));
  }

  @Override
  public Optional<byte[]> bodyByHash(Hash hash) {
    return Optional.ofNullable(bodies.get(hash));
  }

  @Override
  public Optional<byte[]> receiptsByHash(Hash hash) {
    return Optional.ofNullable(receipts.get(hash));
  }
}
