package io.ethfollow.request;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.peer.PeerId;
import io.ethfollow.wire.MessageDecodeException;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.eth.EthMessageId;
import java.time.Duration;
import java.util.List;

/**
 * GetBlockBodies for known headers, and the check of its answer: at most one body per requested hash,
 * in request order, each matching its own header's transactions root, ommers hash and withdrawals root
 * ({@link BlockVerifier#verifyBody}). A body that matches a different requested header is reported as
 * shifted or duplicated. Immutable.
 */
public final class BodiesRequest implements PeerRequest<List<BlockBody>> {
  private final List<BlockHeader> headers;

  public BodiesRequest(List<BlockHeader> headers) {
    this.headers = PeerRequest.requireHeaders(headers, "bodies");
  }

  @Override
  public EthMessage.Request message(long requestId) {
    return new EthMessage.GetBlockBodies(requestId, PeerRequest.hashesOf(headers));
  }

  @Override
  public EthMessageId responseId() {
    return EthMessageId.BLOCK_BODIES;
  }

  @Override
  public int asked() {
    return headers.size();
  }

  @Override
  public RequestOutcome<List<BlockBody>> evaluate(PeerId peer, EthMessage.Request response, Duration rtt) {
    EthMessage.BlockBodies msg = (EthMessage.BlockBodies) response;
    if (msg.rawBodies().size() > headers.size()) {
      return new RequestOutcome.Invalid<>(peer,
          "over-long: " + msg.rawBodies().size() + " bodies for " + headers.size() + " asked");
    }
    List<BlockBody> bodies;
    try {
      bodies = msg.decodeBodies();
    } catch (MessageDecodeException e) {
      return new RequestOutcome.Invalid<>(peer, "undecodable body: " + e.getMessage());
    }
    for (int i = 0; i < bodies.size(); i++) {
      BlockBody body = bodies.get(i);
      if (!BlockVerifier.verifyBody(headers.get(i), body).passed()) {
        return new RequestOutcome.Invalid<>(peer, mismatch(i, body));
      }
    }
    return PeerRequest.bySize(peer, bodies, bodies.size(), headers.size(), rtt);
  }

  private String mismatch(int i, BlockBody body) {
    for (int j = 0; j < headers.size(); j++) {
      if (j != i && BlockVerifier.verifyBody(headers.get(j), body).passed()) {
        return (j < i ? "duplicated" : "shifted") + ": body " + i + " belongs to block " + headers.get(j).number();
      }
    }
    return "wrong body: body " + i + " does not match block " + headers.get(i).number() + " roots";
  }
}
