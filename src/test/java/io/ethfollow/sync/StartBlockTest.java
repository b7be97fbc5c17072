package io.ethfollow.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StartBlockTest {
  @Test
  void absoluteAndHeadRelativeFormsResolveAgainstTheNetworkHead() {
    assertThat(StartBlock.parse("15537394").resolve(23_000_000)).isEqualTo(15_537_394);
    assertThat(StartBlock.parse("head-10000").resolve(23_000_000)).isEqualTo(22_990_000);
    assertThat(StartBlock.parse("head-10000").resolve(500)).isZero();
    assertThat(StartBlock.parse("0").toString()).isEqualTo("0");
    assertThat(StartBlock.DEFAULT.toString()).isEqualTo("head-10000");
  }

  @Test
  void anythingElseIsRejectedWithTheValueInTheMessage() {
    for (String bad : new String[] {"", "-5", "head-", "head+5", "tip-5", "1e6", "head--1", "99999999999999999999"}) {
      assertThatThrownBy(() -> StartBlock.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
