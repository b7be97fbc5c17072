package io.ethfollow.rpc;

import io.ethfollow.chain.Hash;
import io.ethfollow.chain.SenderRecovery;
import io.ethfollow.chain.Transaction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Senders of recently shown transactions by hash: recovery costs about 0.1 ms a transaction, and
 * indexers ask for the same blocks' transactions and receipts again and again. Bounded LRU; any RPC
 * worker thread (one lock, held only for the map operation).
 */
final class SenderCache {
  private final Map<Hash, byte[]> senders;

  /** @param capacity most senders kept (each entry ~150 bytes with its map node) */
  SenderCache(int capacity) {
    this.senders = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Hash, byte[]> eldest) {
        return size() > capacity;
      }
    };
  }

  byte[] sender(Hash txHash, Transaction tx) {
    synchronized (senders) {
      byte[] known = senders.get(txHash);
      if (known != null) {
        return known;
      }
    }
    byte[] recovered = SenderRecovery.recoverSender(tx);
    synchronized (senders) {
      senders.put(txHash, recovered);
    }
    return recovered;
  }
}
