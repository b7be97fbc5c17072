package io.ethfollow.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisconnectReasonTest {
  @Test
  void shouldMapEveryWireCodeFromTheSpec() {
    assertThat(DisconnectReason.values()).hasSize(13);
    for (int code = 0; code <= 0x0b; code++) {
      assertThat(DisconnectReason.fromCode(code)).as("code %d", code).isPresent();
    }
    assertThat(DisconnectReason.fromCode(0x10)).contains(DisconnectReason.SUBPROTOCOL_ERROR);
    assertThat(DisconnectReason.fromCode(0x0c)).isEmpty();
    assertThat(DisconnectReason.fromCode(0x02)).contains(DisconnectReason.BREACH_OF_PROTOCOL);
  }

  @Test
  void shouldCarryFineDetailWithCoarseWireCode() {
    DisconnectCause c = DisconnectReason.USELESS_PEER.because("no shared eth version");
    assertThat(c.wire().code()).isEqualTo(0x03);
    assertThat(c.toString()).isEqualTo("useless_peer: no shared eth version");
  }
}
