package io.ethfollow.request;

import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.PeerId;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.eth.EthMessageId;
import java.time.Duration;
import java.util.List;

/**
 * GetReceipts for known headers, and the check of its answer: at most one receipt list per requested
 * hash, in request order, each list's trie root equal to its header's receiptsRoot (blooms of eth/69
 * receipts are recomputed by the codec). A list matching another requested header is reported as
 * shifted or duplicated. Gas and per-transaction type checks need the body and stay with the pipeline's
 * {@code BlockVerifier.verifyReceipts}. Immutable.
 */
public final class ReceiptsRequest implements PeerRequest<List<EthMessage.BlockReceipts>> {
  private final List<BlockHeader> headers;

  public ReceiptsRequest(List<BlockHeader> headers) {
    this.headers = PeerRequest.requireHeaders(headers, "receipts");
  }

  @Override
  public EthMessage.Request message(long requestId) {
    return new EthMessage.GetReceipts(requestId, PeerRequest.hashesOf(headers));
  }

  @Override
  public EthMessageId responseId() {
    return EthMessageId.RECEIPTS;
  }

  @Override
  public int asked() {
    return headers.size();
  }

  @Override
  public RequestOutcome<List<EthMessage.BlockReceipts>> evaluate(
      PeerId peer, EthMessage.Request response, Duration rtt) {
    List<EthMessage.BlockReceipts> blocks = ((EthMessage.Receipts) response).blocks();
    if (blocks.size() > headers.size()) {
      return new RequestOutcome.Invalid<>(peer,
          "over-long: " + blocks.size() + " receipt lists for " + headers.size() + " asked");
    }
    for (int i = 0; i < blocks.size(); i++) {
      Hash root = root(blocks.get(i));
      if (!root.equals(headers.get(i).receiptsRoot())) {
        return new RequestOutcome.Invalid<>(peer, mismatch(i, root));
      }
    }
    return PeerRequest.bySize(peer, blocks, blocks.size(), headers.size(), rtt);
  }

  private static Hash root(EthMessage.BlockReceipts block) {
    return block.receiptsRoot();
  }

  private String mismatch(int i, Hash root) {
    for (int j = 0; j < headers.size(); j++) {
      if (j != i && headers.get(j).receiptsRoot().equals(root)) {
        return (j < i ? "duplicated" : "shifted") + ": receipts " + i + " belong to block " + headers.get(j).number();
      }
    }
    return "wrong receipts: list " + i + " does not match block " + headers.get(i).number() + " receiptsRoot";
  }
}
