package io.ethfollow.request;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.PeerId;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.eth.EthMessageId;
import java.time.Duration;
import java.util.List;

/**
 * GetBlockHeaders by number or by hash, and the shape check of its answer: at most {@code amount}
 * headers, each with the number the request implies (start ± i × (skip + 1)), the first one with the
 * requested hash when asked by hash, no duplicates, and consecutive headers linked by parent hash
 * when {@code skip} is 0. Classifies empty, short (Partial), shifted, duplicated, over-long and
 * unlinked answers. Immutable.
 */
public final class HeadersRequest implements PeerRequest<List<BlockHeader>> {
  /** The most headers a peer serves per reply (geth, reth); asking for more is pointless. */
  public static final int MAX_HEADERS = 1024;

  private final EthMessage.Origin origin;
  private final int amount;
  private final long skip;
  private final boolean reverse;

  private HeadersRequest(EthMessage.Origin origin, int amount, long skip, boolean reverse) {
    if (amount < 1 || amount > MAX_HEADERS || skip < 0) {
      throw new IllegalArgumentException("need 1 <= amount <= 1024 and skip >= 0");
    }
    this.origin = origin;
    this.amount = amount;
    this.skip = skip;
    this.reverse = reverse;
  }

  public static HeadersRequest byNumber(long start, int amount, long skip, boolean reverse) {
    return new HeadersRequest(new EthMessage.Origin.Number(start), amount, skip, reverse);
  }

  public static HeadersRequest byHash(Hash start, int amount, long skip, boolean reverse) {
    return new HeadersRequest(new EthMessage.Origin.ByHash(start), amount, skip, reverse);
  }

  @Override
  public EthMessage.Request message(long requestId) {
    return new EthMessage.GetBlockHeaders(requestId, origin, amount, skip, reverse);
  }

  @Override
  public EthMessageId responseId() {
    return EthMessageId.BLOCK_HEADERS;
  }

  @Override
  public int asked() {
    return amount;
  }

  @Override
  public RequestOutcome<List<BlockHeader>> evaluate(PeerId peer, EthMessage.Request response, Duration rtt) {
    List<BlockHeader> headers = ((EthMessage.BlockHeaders) response).headers();
    String problem = check(headers);
    if (problem != null) {
      return new RequestOutcome.Invalid<>(peer, problem);
    }
    return PeerRequest.bySize(peer, headers, headers.size(), amount, rtt);
  }

  /** The shape problem of {@code headers}, or null when they fit the request. */
  String check(List<BlockHeader> headers) {
    if (headers.size() > amount) {
      return "over-long: " + headers.size() + " headers for " + amount + " asked";
    }
    if (headers.isEmpty()) {
      return null;
    }
    BlockHeader first = headers.get(0);
    long start;
    if (origin instanceof EthMessage.Origin.ByHash byHash) {
      if (!first.hash().equals(byHash.hash())) {
        return "wrong hash: first header " + first.hash().toShortHex() + ", asked " + byHash.hash().toShortHex();
      }
      start = first.number();
    } else {
      start = ((EthMessage.Origin.Number) origin).number();
    }
    long step = (skip + 1) * (reverse ? -1 : 1);
    for (int i = 0; i < headers.size(); i++) {
      long want = start + step * i;
      long got = headers.get(i).number();
      if (got != want) {
        if (i > 0 && got == headers.get(i - 1).number()) {
          return "duplicated: header " + i + " repeats block " + got;
        }
        return (i == 0 ? "shifted" : "out of order") + ": header " + i + " is block " + got + ", expected " + want;
      }
      if (i > 0 && skip == 0) {
        BlockHeader child = reverse ? headers.get(i - 1) : headers.get(i);
        BlockHeader parent = reverse ? headers.get(i) : headers.get(i - 1);
        if (!child.parentHash().equals(parent.hash())) {
          return "unlinked: block " + child.number() + " does not point to block " + parent.number();
        }
      }
    }
    return null;
  }
}
