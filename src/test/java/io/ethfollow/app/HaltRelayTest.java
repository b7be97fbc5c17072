package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HaltRelayTest {
  private final List<String> heard = new ArrayList<>();

  @Test
  void aHaltSeenBeforeTheHandlerIsAttachedIsDeliveredWhenItIs() {
    HaltRelay relay = new HaltRelay();
    relay.halted("reorg deeper than 64 blocks"); // the first refresh, before the daemon exists
    assertThat(heard).isEmpty();
    relay.handler(heard::add);
    assertThat(heard).containsExactly("reorg deeper than 64 blocks");
  }

  @Test
  void aHaltIsDeliveredOnceWithItsFirstReasonHoweverOftenRefreshesSeeIt() {
    HaltRelay relay = new HaltRelay();
    relay.handler(heard::add);
    relay.halted("first");
    relay.halted("first");
    relay.halted("second");
    relay.handler(heard::add);
    assertThat(heard).containsExactly("first");
  }

  @Test
  void noHaltNoDelivery() {
    HaltRelay relay = new HaltRelay();
    relay.handler(heard::add);
    assertThat(heard).isEmpty();
  }
}
