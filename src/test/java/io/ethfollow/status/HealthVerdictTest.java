package io.ethfollow.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The /health rules: follow mode, a network head seen, a small lag, and a young local head. */
class HealthVerdictTest {
  private static StatusDocument following(long lag, Long headAgeSec) {
    return new StatusDocument(
        "0.1.0", "mainnet", 1, "0xd4e5", "follow", new StatusDocument.Head(100, "0x64"), 100L,
        new StatusDocument.Storage(1, 0), "data", 0, new StatusDocument.NetworkHead(100 + lag, "0x65", 1),
        null, null, null, lag, null, null, null, null, headAgeSec);
  }

  /**
   * The probe's case: one stale peer, so the network head is ours and the lag 0, while the real
   * chain moved 100 blocks on. Only the head's age shows it: 20 min old is unhealthy.
   */
  @Test
  void aLoneStalePeerCannotHideAnOldHeadBehindALagOfZero() {
    HealthVerdict v = HealthVerdict.of(following(0, 1_200L));
    assertThat(v.healthy()).isFalse();
    assertThat(v.reason()).contains("block 100").contains("1200 s old").contains("120 s allowed");
  }

  @Test
  void aYoungHeadWithASmallLagIsHealthy() {
    assertThat(HealthVerdict.of(following(1, 11L)).healthy()).isTrue();
    assertThat(HealthVerdict.of(following(0, 120L)).healthy()).as("at the bound").isTrue();
    assertThat(HealthVerdict.of(following(0, 121L)).healthy()).isFalse();
  }

  @Test
  void theOperatorsBoundReplacesTheDefault() {
    assertThat(HealthVerdict.of(following(0, 200L), Duration.ofMinutes(5)).healthy()).isTrue();
    assertThat(HealthVerdict.of(following(0, 61L), Duration.ofMinutes(1)).healthy()).isFalse();
  }

  @Test
  void lagIsReportedBeforeAge() {
    HealthVerdict v = HealthVerdict.of(following(9, 1_000L));
    assertThat(v.reason()).contains("9 blocks behind");
  }
}
