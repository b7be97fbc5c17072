package io.ethfollow.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnodeTest {
  private static final String ID =
      "d860a01f9722d78051619d1e2351aba3f43f943f6f00718d1b9baa4101932a1f5011f16bb2b1bb35db20d6fe28fa0bf09636d26a87d31de9ec6203eeedb1f666";

  @Test
  void parsesAMainnetBootnodeAndFormatsItBack() {
    String url = "enode://" + ID + "@18.138.108.67:30303";
    Enode e = Enode.parse(url);
    assertThat(e.tcpPort()).isEqualTo(30303);
    assertThat(e.udpPort()).isEqualTo(30303);
    assertThat(e.address().getHostAddress()).isEqualTo("18.138.108.67");
    assertThat(e.toUrl()).isEqualTo(url);
    assertThat(e.shortId()).isEqualTo("d860a01f");
  }

  @Test
  void discportSetsTheUdpPort() {
    Enode e = Enode.parse("enode://" + ID + "@127.0.0.1:30303?discport=30301");
    assertThat(e.udpPort()).isEqualTo(30301);
    assertThat(Enode.parse(e.toUrl())).isEqualTo(e);
  }

  @Test
  void rejectsMalformedUrlsWithAReason() {
    assertThatThrownBy(() -> Enode.parse("http://x")).hasMessageContaining("enode://");
    assertThatThrownBy(() -> Enode.parse("enode://abcd@127.0.0.1:30303"))
        .hasMessageContaining("128 hex digits");
    assertThatThrownBy(() -> Enode.parse("enode://" + ID + "@127.0.0.1")).hasMessageContaining("ip:port");
    assertThatThrownBy(() -> Enode.parse("enode://" + ID + "@example.com:30303"))
        .hasMessageContaining("IP address");
    assertThatThrownBy(() -> Enode.parse("enode://" + ID.replace('d', 'z') + "@127.0.0.1:30303"))
        .hasMessageContaining("node id is not hex");
    assertThatThrownBy(() -> Enode.parse("")).hasMessageContaining("empty");
  }

  /** 128 × f is 128 hex digits but no point of secp256k1: every dial to it would fail. */
  @Test
  void rejectsANodeIdThatIsNotACurvePoint() {
    assertThatThrownBy(() -> Enode.parse("enode://" + "f".repeat(128) + "@127.0.0.1:30303"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a secp256k1 public key");
    assertThat(NodeKey.isPublicKey(NodeKey.random().nodeId())).isTrue();
  }

  /** A bad address or port is blamed on the address or port, not on the node id. */
  @Test
  void namesTheBadAddressOrPortNotTheNodeId() {
    assertThatThrownBy(() -> Enode.parse("enode://" + ID + "@1.2.3.999:30303"))
        .hasMessageContaining("bad IPv4 address '1.2.3.999'")
        .hasMessageNotContaining("node id");
    assertThatThrownBy(() -> Enode.parse("enode://" + ID + "@1.2.3:30303"))
        .hasMessageContaining("IP address")
        .hasMessageNotContaining("node id");
    assertThatThrownBy(() -> Enode.parse("enode://" + ID + "@127.0.0.1:99999"))
        .hasMessageContaining("tcp port 99999 outside 1-65535");
    assertThatThrownBy(() -> Enode.parse("enode://" + ID + "@127.0.0.1:30x"))
        .hasMessageContaining("tcp port is not a number");
    assertThatThrownBy(() -> Enode.parse("enode://" + ID + "@127.0.0.1:30303?discport=0"))
        .hasMessageContaining("discport 0 outside 1-65535");
    assertThatThrownBy(() -> Enode.parse("enode://" + ID + "@[::1:30303"))
        .hasMessageContaining("[ipv6]:port");
  }

  @Test
  void parsesABracketedIpv6Address() {
    Enode e = Enode.parse("enode://" + ID + "@[::1]:30303");
    assertThat(e.address().isLoopbackAddress()).isTrue();
    assertThat(Enode.parse(e.toUrl())).isEqualTo(e);
  }
}
