package io.ethfollow.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultSpecTest {
  @Test
  void everyFaultParsesAndTheyCombine() {
    FaultSpec f = FaultSpec.parse("lag:1500, stale:4,empty:0.25,timeout:0.1,slow:300,invalid:1,disconnect:0.05");
    assertThat(f).isEqualTo(new FaultSpec(1500, 4, 0.25, 0.1, 300, 1.0, 0.05));
    assertThat(f.affectsRequests()).isTrue();
    assertThat(FaultSpec.parse("lag:10,stale:2").affectsRequests()).isFalse();
    assertThat(FaultSpec.parse(" ")).isEqualTo(FaultSpec.NONE);
  }

  @Test
  void badItemsAreRefusedWithAMessageNamingThem() {
    assertThatThrownBy(() -> FaultSpec.parse("empty:1.5")).hasMessageContaining("empty").hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> FaultSpec.parse("lag:-1")).hasMessageContaining("lag");
    assertThatThrownBy(() -> FaultSpec.parse("flaky:0.1")).hasMessageContaining("unknown fault 'flaky'");
    assertThatThrownBy(() -> FaultSpec.parse("empty")).hasMessageContaining("NAME:VALUE");
    assertThatThrownBy(() -> FaultSpec.parse("slow:10,slow:20")).hasMessageContaining("twice");
  }
}
