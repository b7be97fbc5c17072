package io.ethfollow.app;

import io.ethfollow.status.StatusDocument;

/** Status documents for tests, built in one place (the record grows keys over time). */
final class StatusDocs {
  private StatusDocs() {}

  /**
   * @param head local head number, or -1 for an empty store
   * @param networkHead best peer head, or -1 for none known
   * @param connected connected peers (ready = connected, for simplicity)
   */
  static StatusDocument of(String mode, long head, long networkHead, int connected) {
    StatusDocument.Head h = head < 0 ? null : new StatusDocument.Head(head, "0x" + Long.toHexString(head));
    StatusDocument.NetworkHead nh =
        networkHead < 0 ? null : new StatusDocument.NetworkHead(networkHead, "0xabc", connected);
    Long lag = head < 0 || networkHead < 0 ? null : Math.max(0, networkHead - head);
    return new StatusDocument(
        "0.1.0", "mainnet", 1, "0xd4e5", mode, h, head < 0 ? null : head,
        new StatusDocument.Storage(Math.max(0, head + 1), 0), "data", 0, nh,
        new StatusDocument.Peers(connected, connected, 0, 0, 0, 0, 0, 0), null, null, lag,
        new StatusDocument.Queue(0, 0, 0), null, null, null, null);
  }

  /** Fast sync: the head is the target (stored first), {@code stored} blocks are in the store. */
  static StatusDocument fastSync(long target, long stored, long networkHead, int connected) {
    StatusDocument d = of("fast-sync", target, networkHead, connected);
    return new StatusDocument(
        d.version(), d.network(), d.chainId(), d.genesisHash(), d.mode(), d.localHead(), null,
        new StatusDocument.Storage(stored, 0), d.dataDir(), d.uptimeSec(), d.networkHead(), d.peers(),
        d.enode(), d.p2p(), d.lagBlocks(), d.queue(), null, null,
        new StatusDocument.FastSync(target, target - stored), null);
  }
}
