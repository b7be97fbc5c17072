package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.status.StatusDocument;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.RocksBlockStore;
import io.ethfollow.sync.SyncAnchor;
import io.ethfollow.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published head age (now minus the local head's timestamp) and the operator's health bound. */
class StatusPublisherHeadAgeTest {
  @TempDir Path dir;

  @Test
  void headAgeIsNowMinusTheHeadTimestampAndHealthUsesTheConfiguredBound() {
    ChainSpec spec = ChainSpec.named("mainnet");
    long genesisTime = spec.genesisTimestamp();
    ManualClock clock = new ManualClock(genesisTime * 1000 + 50_000);
    try (BlockStore store = RocksBlockStore.open(dir, RunCommand.identity(spec))) {
      SyncAnchor.ensure(spec, store);
      StatusPublisher p =
          new StatusPublisher(spec, store, dir.toString(), clock, Duration.ofSeconds(60));
      assertThat(p.current().headAgeSec()).isEqualTo(50);
      clock.advance(Duration.ofSeconds(30));
      p.refresh();
      StatusDocument d = p.current();
      assertThat(d.headAgeSec()).isEqualTo(80);
      StatusDocument following = asFollowing(d);
      assertThat(p.health(following).healthy()).isFalse();
      assertThat(p.health(following).reason()).contains("80 s old").contains("60 s allowed");
    }
  }

  @Test
  void anEmptyStoreHasNoHeadAge() {
    ChainSpec spec = ChainSpec.named("mainnet");
    try (BlockStore store = RocksBlockStore.open(dir, RunCommand.identity(spec))) {
      StatusPublisher p = new StatusPublisher(spec, store, dir.toString(), new ManualClock(0));
      assertThat(p.current().headAgeSec()).isNull();
    }
  }

  private static StatusDocument asFollowing(StatusDocument d) {
    return new StatusDocument(
        d.version(), d.network(), d.chainId(), d.genesisHash(), "follow", d.localHead(),
        d.contiguousHead(), d.storage(), d.dataDir(), d.uptimeSec(),
        new StatusDocument.NetworkHead(d.localHead().number(), d.localHead().hash(), 1), d.peers(),
        d.enode(), d.p2p(), 0L, d.queue(), null, d.rates(), null, d.headAgeSec());
  }
}
