package io.ethfollow.request;

import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.Hash;
import io.ethfollow.peer.PeerId;
import io.ethfollow.wire.eth.EthMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the sync engine asks of the network: one request to one peer (chosen with
 * {@code PeerPool.select}), answered with a checked, typed outcome. Implemented by
 * {@link RequestExecutor} and by the sync engine's simulated peers. Futures complete on the
 * scheduler's thread; no call blocks.
 */
public interface PeerNetwork {
  /** Headers from block {@code start}, {@code amount} of them, every {@code skip + 1}-th, downwards when {@code reverse}. */
  CompletableFuture<RequestOutcome<List<BlockHeader>>> headers(
      PeerId peer, long start, int amount, long skip, boolean reverse);

  /** Headers from the block with hash {@code start}. */
  CompletableFuture<RequestOutcome<List<BlockHeader>>> headers(
      PeerId peer, Hash start, int amount, long skip, boolean reverse);

  /** Bodies of these headers' blocks, checked against the headers' roots. */
  CompletableFuture<RequestOutcome<List<BlockBody>>> bodies(PeerId peer, List<BlockHeader> headers);

  /** Receipts of these headers' blocks, checked against the headers' receiptsRoot. */
  CompletableFuture<RequestOutcome<List<EthMessage.BlockReceipts>>> receipts(
      PeerId peer, List<BlockHeader> headers);
}
