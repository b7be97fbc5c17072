package io.ethfollow.app;

import io.ethfollow.rpc.RpcNodeState;
import io.ethfollow.status.StatusDocument;
import io.ethfollow.status.StatusSource;
import java.util.Optional;

/**
 * The JSON-RPC's view of the node, read from the last published {@code /status} document (never
 * from the sync thread's live state): {@code net_peerCount} is the connected peers, and {@code
 * eth_syncing} reports {@code {startingBlock: sync start, currentBlock: contiguous head,
 * highestBlock: network head}} in any mode but follow. Any thread.
 */
final class PublishedNodeState implements RpcNodeState {
  private final StatusSource status;
  private final java.util.function.LongSupplier syncStart;

  PublishedNodeState(StatusSource status, java.util.function.LongSupplier syncStart) {
    this.status = status;
    this.syncStart = syncStart;
  }

  @Override
  public int peerCount() {
    StatusDocument d = status.current();
    return d == null || d.peers() == null ? 0 : d.peers().connected();
  }

  @Override
  public Optional<SyncProgress> syncing() {
    StatusDocument d = status.current();
    if (d == null || "follow".equals(d.mode())) {
      return Optional.empty();
    }
    long current = d.contiguousHead() == null ? 0 : d.contiguousHead();
    long highest = d.networkHead() == null ? current : Math.max(current, d.networkHead().number());
    return Optional.of(new SyncProgress(syncStart.getAsLong(), current, highest));
  }
}
