package io.ethfollow.store;

import io.ethfollow.peer.CachedPeer;
import io.ethfollow.peer.PeerCache;
import io.ethfollow.rlp.RlpException;
import io.ethfollow.rlp.RlpReader;
import io.ethfollow.rlp.RlpWriter;
import io.ethfollow.wire.Enode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The peer pool's cache of known good peers, kept in the store's {@code peers} column family so a
 * restart reconnects to peers that served us before. Each record is rlp([enode URL, lastGoodMillis]),
 * keyed by node id. Called on the daemon's owner thread (the store's writer).
 */
public final class StorePeerCache implements PeerCache {
  /**
   * Most peers kept: a restart needs a few dozen live ones, and peers churn; 1000 records of about
   * 200 bytes stay far below a megabyte.
   */
  public static final int MAX_PEERS = 1000;

  private final BlockStore store;

  public StorePeerCache(BlockStore store) {
    this.store = store;
  }

  /** Saved peers, newest first; unreadable records are skipped (and replaced at the next save). */
  @Override
  public List<CachedPeer> load() {
    List<CachedPeer> out = new ArrayList<>();
    for (BlockStore.PeerRecord r : store.peers()) {
      try {
        RlpReader outer = new RlpReader(r.record());
        RlpReader fields = outer.readList();
        outer.ensureDone();
        String url = new String(fields.readBytes(), StandardCharsets.UTF_8);
        long lastGood = fields.readLong();
        out.add(new CachedPeer(Enode.parse(url), lastGood));
      } catch (RlpException | IllegalArgumentException e) {
        // a record from a future format or a damaged one: not worth failing a start for
      }
    }
    out.sort(Comparator.comparingLong(CachedPeer::lastGoodMillis).reversed());
    return out;
  }

  /** Replaces the cache with the newest {@link #MAX_PEERS} of {@code peers}. */
  @Override
  public void save(List<CachedPeer> peers) {
    List<CachedPeer> keep = new ArrayList<>(peers);
    keep.sort(Comparator.comparingLong(CachedPeer::lastGoodMillis).reversed());
    if (keep.size() > MAX_PEERS) {
      keep = keep.subList(0, MAX_PEERS);
    }
    java.util.Set<String> kept = new java.util.HashSet<>();
    for (CachedPeer p : keep) {
      byte[] id = p.enode().nodeId();
      kept.add(io.ethfollow.rlp.Hex.encodeNoPrefix(id));
      byte[] record =
          new RlpWriter(256)
              .startList()
              .writeBytes(p.enode().toUrl().getBytes(StandardCharsets.UTF_8))
              .writeLong(p.lastGoodMillis())
              .endList()
              .toByteArray();
      store.putPeer(id, record);
    }
    for (BlockStore.PeerRecord r : store.peers()) {
      if (!kept.contains(io.ethfollow.rlp.Hex.encodeNoPrefix(r.nodeId()))) {
        store.deletePeer(r.nodeId());
      }
    }
  }
}
