package io.ethfollow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.Hash;
import io.ethfollow.peer.CachedPeer;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorePeerCacheTest {
  @TempDir Path dir;

  private static final ChainIdentity ID = new ChainIdentity(Hash.keccakOf(new byte[] {1}), 7, "test");

  private static CachedPeer peer(int port, long lastGood) {
    return new CachedPeer(new Enode(NodeKey.random().nodeId(), InetAddress.getLoopbackAddress(), port, port), lastGood);
  }

  @Test
  void knownGoodPeersSurviveARestartNewestFirst() {
    List<CachedPeer> saved = List.of(peer(30301, 100), peer(30302, 300), peer(30303, 200));
    try (RocksBlockStore store = RocksBlockStore.open(dir, ID)) {
      new StorePeerCache(store).save(saved);
    }
    try (RocksBlockStore store = RocksBlockStore.open(dir, ID)) {
      List<CachedPeer> loaded = new StorePeerCache(store).load();
      assertThat(loaded).extracting(CachedPeer::lastGoodMillis).containsExactly(300L, 200L, 100L);
      assertThat(loaded).extracting(c -> c.enode().tcpPort()).containsExactly(30302, 30303, 30301);
    }
  }

  @Test
  void savingReplacesTheSetAndKeepsOnlyTheNewest() {
    try (RocksBlockStore store = RocksBlockStore.open(dir, ID)) {
      StorePeerCache cache = new StorePeerCache(store);
      cache.save(List.of(peer(1, 1), peer(2, 2)));
      List<CachedPeer> many = new ArrayList<>();
      for (int i = 0; i < StorePeerCache.MAX_PEERS + 20; i++) {
        many.add(peer(10_000 + i, 1_000 + i));
      }
      cache.save(many);
      List<CachedPeer> loaded = cache.load();
      assertThat(loaded).hasSize(StorePeerCache.MAX_PEERS);
      assertThat(loaded.get(0).lastGoodMillis()).isEqualTo(1_000 + StorePeerCache.MAX_PEERS + 19);
      assertThat(loaded).noneMatch(p -> p.lastGoodMillis() < 1_000);
    }
  }

  @Test
  void anUnreadableRecordIsSkippedNotFatal() {
    try (RocksBlockStore store = RocksBlockStore.open(dir, ID)) {
      StorePeerCache cache = new StorePeerCache(store);
      cache.save(List.of(peer(1, 5)));
      store.putPeer(new byte[64], new byte[] {(byte) 0xc3, 0x01});
      assertThat(cache.load()).hasSize(1);
    }
  }
}
