package io.ethfollow.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReorgScheduleTest {
  private final ReorgSchedule every10depth3 = new ReorgSchedule(10, 3);

  @Test
  void blocksInAReorgWindowSwitchBranchOnlyOnceTheHeadReachesTheReorgPoint() {
    assertThat(every10depth3.branchOf(7, 9)).isZero();
    assertThat(every10depth3.branchOf(7, 10)).isEqualTo(1);
    assertThat(every10depth3.branchOf(10, 10)).isEqualTo(1);
    assertThat(every10depth3.branchOf(6, 10)).isZero(); // the common ancestor stays
    assertThat(every10depth3.branchOf(17, 25)).isEqualTo(2);
    assertThat(every10depth3.branchOf(11, 25)).isZero();
  }

  @Test
  void theCommonAncestorOfTwoHeadsAcrossAReorgPointIsBelowTheReplacedBlocks() {
    assertThat(every10depth3.commonAncestor(9, 10)).isEqualTo(6);
    assertThat(every10depth3.commonAncestor(12, 8)).isEqualTo(6);
    assertThat(every10depth3.commonAncestor(5, 30)).isEqualTo(5);
    assertThat(every10depth3.commonAncestor(10, 15)).isEqualTo(10);
    assertThat(ReorgSchedule.NONE.commonAncestor(9, 10)).isEqualTo(9);
  }

  @Test
  void aDepthThatIsNotBelowTheIntervalIsRefused() {
    assertThatThrownBy(() -> new ReorgSchedule(10, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReorgSchedule(10, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReorgSchedule(0, 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
