package io.ethfollow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangeSetTest {

  @Test
  void shouldMergeTouchingAndOverlappingRanges() {
    RangeSet set = RangeSet.EMPTY.with(10, 20).with(30, 40);
    assertThat(set.ranges()).containsExactly(new BlockRange(10, 20), new BlockRange(30, 40));

    assertThat(set.with(21).ranges())
        .containsExactly(new BlockRange(10, 21), new BlockRange(30, 40));
    assertThat(set.with(21, 29).ranges()).containsExactly(new BlockRange(10, 40));
    assertThat(set.with(5, 35).ranges()).containsExactly(new BlockRange(5, 40));
    assertThat(set.with(9).ranges())
        .containsExactly(new BlockRange(9, 20), new BlockRange(30, 40));
    assertThat(set.with(50).ranges()).containsExactly(
        new BlockRange(10, 20), new BlockRange(30, 40), new BlockRange(50, 50));
    assertThat(set.with(0, 100).ranges()).containsExactly(new BlockRange(0, 100));
  }

  @Test
  void shouldReturnSameSetWhenAddingBlocksAlreadyPresent() {
    RangeSet set = RangeSet.of(new BlockRange(10, 20));
    assertThat(set.with(15)).isSameAs(set);
    assertThat(set.with(10, 20)).isSameAs(set);
  }

  @Test
  void shouldBecomeOneRangeWhenSingleBlocksArriveInAnyOrder() {
    RangeSet set = RangeSet.EMPTY;
    long[] order = {5, 1, 9, 3, 2, 8, 4, 7, 6, 0};
    for (long n : order) {
      set = set.with(n);
    }
    assertThat(set.ranges()).containsExactly(new BlockRange(0, 9));
    assertThat(set.blockCount()).isEqualTo(10);
  }

  @Test
  void shouldAnswerContainsAndRangeContaining() {
    RangeSet set = RangeSet.of(new BlockRange(10, 20), new BlockRange(30, 40));
    assertThat(set.contains(9)).isFalse();
    assertThat(set.contains(10)).isTrue();
    assertThat(set.contains(25)).isFalse();
    assertThat(set.contains(40)).isTrue();
    assertThat(set.containsAll(12, 20)).isTrue();
    assertThat(set.containsAll(12, 30)).isFalse();
    assertThat(set.rangeContaining(35)).contains(new BlockRange(30, 40));
    assertThat(set.rangeContaining(25)).isEmpty();
    assertThat(set.highest()).hasValue(40);
    assertThat(set.lowest()).hasValue(10);
    assertThat(RangeSet.EMPTY.highest()).isEmpty();
  }

  @Test
  void shouldListMissingRangesWithinBounds() {
    RangeSet set = RangeSet.of(new BlockRange(10, 20), new BlockRange(30, 40));
    assertThat(set.missingWithin(0, 50)).containsExactly(
        new BlockRange(0, 9), new BlockRange(21, 29), new BlockRange(41, 50));
    assertThat(set.missingWithin(15, 35)).containsExactly(new BlockRange(21, 29));
    assertThat(set.missingWithin(12, 18)).isEmpty();
    assertThat(set.missingWithin(22, 25)).containsExactly(new BlockRange(22, 25));
    assertThat(RangeSet.EMPTY.missingWithin(3, 4)).containsExactly(new BlockRange(3, 4));
  }

  @Test
  void shouldTrimEverythingAboveWhenRollingBack() {
    RangeSet set = RangeSet.of(new BlockRange(10, 20), new BlockRange(30, 40));
    assertThat(set.withoutAbove(35).ranges())
        .containsExactly(new BlockRange(10, 20), new BlockRange(30, 35));
    assertThat(set.withoutAbove(25).ranges()).containsExactly(new BlockRange(10, 20));
    assertThat(set.withoutAbove(5).isEmpty()).isTrue();
    assertThat(set.withoutAbove(40)).isSameAs(set);
  }

  @Test
  void shouldRoundTripThroughCodecAndRejectNonCanonicalBounds() {
    RangeSet set = RangeSet.of(new BlockRange(0, 0), new BlockRange(2, 1_000_000),
        new BlockRange(Long.MAX_VALUE - 1, Long.MAX_VALUE));
    assertThat(StoreCodec.readRanges(StoreCodec.ranges(set))).isEqualTo(set);
    assertThat(StoreCodec.readRanges(StoreCodec.ranges(RangeSet.EMPTY))).isEqualTo(RangeSet.EMPTY);

    assertThatThrownBy(() -> RangeSet.fromBounds(new long[] {0, 5, 6, 9}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreCodec.readRanges(new byte[] {1, 2, 3}))
        .isInstanceOf(StoreCorruptionException.class);
    assertThat(List.of(new BlockRange(3, 3).size())).containsExactly(1L);
  }
}
