package io.ethfollow.wire.serve;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.wire.eth.EthCodec;
import io.ethfollow.wire.eth.EthMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers peers' GetBlockHeaders, GetBlockBodies and GetReceipts from a {@link ChainReader}: pure
 * logic, no IO of its own, no state; thread-safe if the reader is. Answers hold at most {@link
 * #MAX_ITEMS} items and stop growing once the next item would push them over {@link
 * #SOFT_RESPONSE_BYTES} (a single item is always sent, however big). Bodies and receipts we lack are
 * left out, keeping request order (as go-ethereum does; requesters match what they get to their
 * headers by the roots); headers stop at the first one missing. A request for
 * nothing we have gets an empty list, never silence.
 */
public final class RequestServer {
  /**
   * Most items per answer. go-ethereum and reth serve at most 1024 headers, bodies or receipt
   * lists; a larger request is clamped, not refused (go-ethereum does the same), so a greedy but
   * honest peer still gets a useful answer.
   */
  public static final int MAX_ITEMS = 1024;

  /**
   * caps/eth.md recommends 2 MiB as the soft limit for BlockHeaders, BlockBodies and Receipts
   * replies; go-ethereum uses the same. It keeps one reply well under the 10 MiB message limit
   * peers enforce and bounds the memory one request costs us.
   */
  public static final int SOFT_RESPONSE_BYTES = 2 * 1024 * 1024;

  private final ChainReader chain;

  public RequestServer(ChainReader chain) {
    this.chain = Objects.requireNonNull(chain, "chain");
  }

  /** The answer to a request message, or empty when {@code request} is not one we serve. */
  public Optional<EthMessage> answer(EthMessage request, int ethVersion) {
    if (request instanceof EthMessage.GetBlockHeaders g) {
      return Optional.of(headers(g));
    }
    if (request instanceof EthMessage.GetBlockBodies g) {
      return Optional.of(bodies(g));
    }
    if (request instanceof EthMessage.GetReceipts g) {
      return Optional.of(receipts(g, EthCodec.receiptForm(ethVersion)));
    }
    if (request instanceof EthMessage.GetPooledTransactions g) {
      return Optional.of(new EthMessage.PooledTransactions(g.requestId(), 0));
    }
    return Optional.empty();
  }

  /**
   * Headers from the origin, {@code skip} blocks apart, forward or in reverse. An origin given by a
   * hash that is not canonical yields only that header: the walk follows the canonical chain, which
   * that block is not on.
   */
  public EthMessage.BlockHeaders headers(EthMessage.GetBlockHeaders req) {
    long amount = Math.min(req.amount(), MAX_ITEMS);
    List<BlockHeader> out = new ArrayList<>();
    if (amount == 0) {
      return new EthMessage.BlockHeaders(req.requestId(), out);
    }
    BlockHeader first;
    boolean canonical;
    if (req.origin() instanceof EthMessage.Origin.ByHash h) {
      Optional<byte[]> raw = chain.headerByHash(h.hash());
      if (raw.isEmpty()) {
        return new EthMessage.BlockHeaders(req.requestId(), out);
      }
      first = BlockHeader.decode(raw.get());
      canonical = chain.isCanonical(first.number(), h.hash());
    } else {
      long number = ((EthMessage.Origin.Number) req.origin()).number();
      Optional<byte[]> raw = chain.headerByNumber(number);
      if (raw.isEmpty()) {
        return new EthMessage.BlockHeaders(req.requestId(), out);
      }
      first = BlockHeader.decode(raw.get());
      canonical = true;
    }
    out.add(first);
    long bytes = first.rlpSize();
    long number = first.number();
    // skip + 1 saturates: a skip near 2^63 simply walks off the chain after the first header.
    long step = req.skip() == Long.MAX_VALUE ? Long.MAX_VALUE : req.skip() + 1;
    while (canonical && out.size() < amount) {
      if (req.reverse()) {
        if (number < step) {
          break;
        }
        number -= step;
      } else {
        if (number > Long.MAX_VALUE - step) {
          break;
        }
        number += step;
      }
      Optional<byte[]> raw = chain.headerByNumber(number);
      if (raw.isEmpty() || bytes + raw.get().length > SOFT_RESPONSE_BYTES) {
        break;
      }
      bytes += raw.get().length;
      out.add(BlockHeader.decode(raw.get()));
    }
    return new EthMessage.BlockHeaders(req.requestId(), out);
  }

  /** The stored bodies of the requested blocks, in request order, without the ones we lack. */
  public EthMessage.BlockBodies bodies(EthMessage.GetBlockBodies req) {
    List<byte[]> out = new ArrayList<>();
    long bytes = 0;
    for (Hash h : req.hashes()) {
      if (out.size() == MAX_ITEMS) {
        break;
      }
      Optional<byte[]> body = chain.bodyByHash(h);
      if (body.isEmpty()) {
        continue;
      }
      if (!out.isEmpty() && bytes + body.get().length > SOFT_RESPONSE_BYTES) {
        break;
      }
      bytes += body.get().length;
      out.add(body.get());
    }
    return new EthMessage.BlockBodies(req.requestId(), out);
  }

  /**
   * The stored receipts of the requested blocks in the peer's form: eth/69 peers get the stored
   * bytes as they are (never decoded: no bloom is recomputed), eth/68 peers get them re-encoded
   * once with blooms recomputed from the logs (the encoding is kept for the codec). The soft limit
   * counts the bytes in the peer's form.
   */
  public EthMessage.Receipts receipts(EthMessage.GetReceipts req, ReceiptCodec.Form form) {
    List<EthMessage.BlockReceipts> out = new ArrayList<>();
    long bytes = 0;
    for (Hash h : req.hashes()) {
      if (out.size() == MAX_ITEMS) {
        break;
      }
      Optional<byte[]> stored = chain.receiptsByHash(h);
      if (stored.isEmpty()) {
        continue;
      }
      EthMessage.BlockReceipts block = EthMessage.BlockReceipts.stored(stored.get());
      long size = form == ReceiptCodec.Form.ETH69 ? stored.get().length : block.eth68Rlp().length;
      if (!out.isEmpty() && bytes + size > SOFT_RESPONSE_BYTES) {
        break;
      }
      bytes += size;
      out.add(block);
    }
    return new EthMessage.Receipts(req.requestId(), form, out);
  }
}
