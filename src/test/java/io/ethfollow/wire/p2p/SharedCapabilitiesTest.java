package io.ethfollow.wire.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SharedCapabilitiesTest {
  private static final List<Capability> OURS = List.of(Capability.ETH68, Capability.ETH69);

  @Test
  void shouldPickHighestCommonEthVersion() {
    SharedCapabilities s =
        SharedCapabilities.negotiate(
            OURS,
            List.of(
                new Capability("eth", 68),
                new Capability("eth", 69),
                new Capability("eth", 70),
                new Capability("snap", 1)));
    assertThat(s.eth()).get().extracting(SharedCapabilities.Shared::capability)
        .isEqualTo(Capability.ETH69);
    assertThat(s.eth().get().offset()).isEqualTo(0x10);
    assertThat(s.eth().get().messageCount()).isEqualTo(18);
    assertThat(s.all()).hasSize(1);
  }

  @Test
  void shouldFallBackToEth68WhenPeerLacksEth69() {
    SharedCapabilities s =
        SharedCapabilities.negotiate(
            OURS, List.of(new Capability("eth", 66), new Capability("eth", 67), Capability.ETH68));
    assertThat(s.eth().get().capability()).isEqualTo(Capability.ETH68);
    assertThat(s.eth().get().messageCount()).isEqualTo(17);
    assertThat(s.owner(0x10)).isPresent();
    assertThat(s.owner(0x20)).isPresent();
    assertThat(s.owner(0x21)).isEmpty();
    assertThat(s.owner(0x0f)).isEmpty();
  }

  @Test
  void shouldShareNothingWhenPeerSpeaksOnlyNewerOrOtherProtocols() {
    SharedCapabilities s =
        SharedCapabilities.negotiate(
            OURS, List.of(new Capability("eth", 70), new Capability("les", 4)));
    assertThat(s.eth()).isEmpty();
    assertThat(s.all()).isEmpty();
  }

  @Test
  void shouldRefuseToOfferCapabilityWithUnknownMessageCount() {
    assertThatThrownBy(
            () -> SharedCapabilities.negotiate(List.of(new Capability("snap", 1)), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldOrderCapabilitiesByNameForIdRanges() {
    assertThat(new Capability("eth", 69)).isLessThan(new Capability("snap", 1));
    assertThat(new Capability("eth", 68)).isLessThan(new Capability("eth", 69));
  }
}
