package io.ethfollow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.peer.FakeLink;
import io.ethfollow.peer.PeerId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The block scheduler as a table of events and expected assignments (no network, time as numbers). */
class SyncBlockSchedulerTest {
  private final PeerId a = FakeLink.id(0);
  private final PeerId b = FakeLink.id(1);

  @Test
  void neverAssignsAboveThePeersHead() {
    BlockScheduler s = new BlockScheduler(SyncConfig.defaults(), SyncMode.FOLLOW);
    s.add(101, 110);
    Assignment got = s.assign(a, 104, Long.MAX_VALUE, 0).orElseThrow();
    assertThat(got.from()).isEqualTo(101);
    assertThat(got.to()).isEqualTo(104);
    assertThat(s.assign(b, 104, Long.MAX_VALUE, 0)).isEmpty();
    assertThat(s.assign(b, 110, Long.MAX_VALUE, 0).orElseThrow().from()).isEqualTo(105);
  }

  @Test
  void aFailedBlockGoesToAnotherPeerWhileTheFailedOneBacksOff() {
    BlockScheduler s = new BlockScheduler(SyncConfig.defaults(), SyncMode.FOLLOW);
    s.add(101, 101);
    Assignment first = s.assign(a, 101, Long.MAX_VALUE, 0).orElseThrow();
    s.onResult(first, 100, 0);
    assertThat(s.assign(a, 101, Long.MAX_VALUE, 0)).isEmpty();
    assertThat(s.nextWakeAt(0)).hasValue(500);
    assertThat(s.assign(b, 101, Long.MAX_VALUE, 0).orElseThrow().peer()).isEqualTo(b);
  }

  @Test
  void backoffDoublesFrom500MsAndIsCappedByMode() {
    for (SyncMode mode : new SyncMode[] {SyncMode.FOLLOW, SyncMode.FAST_SYNC}) {
      SyncConfig config = SyncConfig.defaults();
      BlockScheduler s = new BlockScheduler(config, mode);
      s.add(101, 101);
      long now = 0;
      long lastDelay = 0;
      for (int i = 0; i < 12; i++) {
        Assignment x = s.assign(a, 101, Long.MAX_VALUE, now).orElseThrow();
        s.onResult(x, 100, now);
        long next = s.nextWakeAt(now).orElseThrow();
        lastDelay = next - now;
        assertThat(lastDelay).isLessThanOrEqualTo(config.backoffCap(mode).toMillis());
        now = next;
      }
      assertThat(Duration.ofMillis(lastDelay)).isEqualTo(config.backoffCap(mode));
    }
  }

  @Test
  void aBlockThatFailedFiveTimesIsEscalatedAndAssignedAloneFirst() {
    BlockScheduler s = new BlockScheduler(SyncConfig.defaults(), SyncMode.FOLLOW);
    s.add(101, 140);
    long now = 0;
    for (int i = 0; i < 5; i++) {
      Assignment x = s.assign(a, 101, Long.MAX_VALUE, now).orElseThrow();
      s.onResult(x, 100, now);
      now = s.nextWakeAt(now).orElseThrow();
    }
    assertThat(s.escalatedCount()).isEqualTo(1);
    Assignment esc = s.assign(b, 140, Long.MAX_VALUE, now).orElseThrow();
    assertThat(esc.escalated()).isTrue();
    assertThat(esc.size()).isEqualTo(1);
    assertThat(esc.from()).isEqualTo(101);
    Assignment normal = s.assign(b, 140, Long.MAX_VALUE, now).orElseThrow();
    assertThat(normal.escalated()).isFalse();
    assertThat(normal.from()).isEqualTo(102);
  }

  @Test
  void batchGrowsOnFullAnswersAndShrinksOnFailures() {
    BlockScheduler s = new BlockScheduler(SyncConfig.defaults(), SyncMode.FAST_SYNC);
    s.add(1, 10_000);
    for (int i = 0; i < 5; i++) {
      Assignment x = s.assign(a, 10_000, Long.MAX_VALUE, 0).orElseThrow();
      s.onResult(x, x.to(), 0);
    }
    assertThat(s.batchSize(a)).isEqualTo(33);
    Assignment x = s.assign(a, 10_000, Long.MAX_VALUE, 0).orElseThrow();
    s.onResult(x, x.from() - 1, 0);
    assertThat(s.batchSize(a)).isEqualTo(16);
  }

  /** eth/69 history routing: a peer whose earliest block is above a block never gets it; others do. */
  @Test
  void blocksBelowAPeersEarliestGoToPeersThatKeepThem() {
    BlockScheduler s = new BlockScheduler(SyncConfig.defaults(), SyncMode.FAST_SYNC);
    s.add(101, 110);
    Assignment pruned = s.assign(a, 106, 200, Long.MAX_VALUE, 0).orElseThrow();
    assertThat(pruned.from()).isEqualTo(106);
    Assignment archive = s.assign(b, 0, 200, Long.MAX_VALUE, 0).orElseThrow();
    assertThat(archive.from()).isEqualTo(101);
    assertThat(archive.to()).isEqualTo(105);
  }

  /** A block stored from a late answer leaves the scheduler even though it had been handed out again. */
  @Test
  void aBlockCompletedByALateAnswerIsNotAssignedAgain() {
    BlockScheduler s = new BlockScheduler(SyncConfig.defaults(), SyncMode.FAST_SYNC);
    s.add(101, 101);
    Assignment first = s.assign(a, 200, Long.MAX_VALUE, 0).orElseThrow();
    s.reclaimOverdue(SyncConfig.defaults().inFlightDeadline().toMillis());
    Assignment second = s.assign(b, 200, Long.MAX_VALUE, Long.MAX_VALUE / 2).orElseThrow();
    assertThat(second.from()).isEqualTo(first.from());
    s.completed(101);
    s.onResult(second, 100, Long.MAX_VALUE / 2);
    assertThat(s.lowestWaiting()).isEmpty();
    assertThat(s.inFlightCount()).isZero();
  }
}
