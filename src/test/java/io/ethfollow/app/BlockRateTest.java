package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockRateTest {
  @Test
  void oneBlockPerTwelveSecondSlotIsReportedOverBothWindows() {
    BlockRate r = new BlockRate();
    for (int s = 0; s <= 600; s++) {
      r.add(s * 1000L, s / 12);
    }
    assertThat(r.perSecond1m()).isBetween(0.08, 0.087);
    assertThat(r.perSecond5m()).isBetween(0.08, 0.087);
  }

  @Test
  void aBurstShowsInTheShortWindowFirst() {
    BlockRate r = new BlockRate();
    for (int s = 0; s <= 300; s++) {
      r.add(s * 1000L, s < 240 ? 0 : (s - 240) * 100L);
    }
    assertThat(r.perSecond1m()).isEqualTo(100.0);
    assertThat(r.perSecond5m()).isEqualTo(20.0);
  }

  @Test
  void aRollbackNeverGivesANegativeRateAndOneSampleGivesZero() {
    BlockRate r = new BlockRate();
    r.add(0, 100);
    assertThat(r.perSecond1m()).isZero();
    r.add(1000, 90);
    assertThat(r.perSecond1m()).isZero();
  }
}
