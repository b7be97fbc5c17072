package io.ethfollow.rpc;

import java.util.Optional;

/**
 * What the JSON-RPC reports about the node itself, read from published snapshots (never from the
 * sync thread's live state): peer count and sync progress. {@link #NONE} serves a store read-only.
 */
public interface RpcNodeState {
  /** Progress of a sync that has not caught up: the execution-apis {@code eth_syncing} object. */
  record SyncProgress(long startingBlock, long currentBlock, long highestBlock) {}

  int peerCount();

  /** Empty when following the head (or not syncing at all). */
  Optional<SyncProgress> syncing();

  RpcNodeState NONE = new RpcNodeState() {
    @Override
    public int peerCount() {
      return 0;
    }

    @Override
    public Optional<SyncProgress> syncing() {
      return Optional.empty();
    }
  };
}
