package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HOST:PORT settings: resolved through the given resolver (never the machine's DNS here). */
class HostPortTest {
  /** Knows "status.internal" only; records every name it was asked. */
  private final List<String> asked = new ArrayList<>();

  private final HostPort.Resolver resolver =
      host -> {
        asked.add(host);
        if (host.equals("status.internal")) {
          return InetAddress.getByAddress(host, new byte[] {127, 0, 0, 9});
        }
        if (host.matches("[0-9.]+")) {
          return InetAddress.getByName(host); // a literal: parsed, no lookup
        }
        throw new UnknownHostException(host);
      };

  @Test
  void aHostNameIsResolvedOnceThroughTheResolver() {
    InetSocketAddress a = HostPort.parse("--status-addr", "status.internal:8547", resolver);
    assertThat(a.isUnresolved()).isFalse();
    assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.9");
    assertThat(a.getPort()).isEqualTo(8547);
    assertThat(asked).containsExactly("status.internal");
  }

  /** The probe saw exit 1 with "…: null"; an unknown host is a setting to fix: exit 2, named. */
  @Test
  void anUnresolvableHostIsAUsageErrorThatNamesTheFlagAndTheHost() {
    assertThatThrownBy(() -> HostPort.parse("--status-addr", "nosuch.example:8547", resolver))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessage("--status-addr: cannot resolve host 'nosuch.example' in 'nosuch.example:8547'");
  }

  @Test
  void malformedValuesAreRefusedBeforeAnyLookup() {
    assertThatThrownBy(() -> HostPort.parse("--status-addr", "8547", resolver))
        .hasMessageContaining("must be HOST:PORT");
    assertThatThrownBy(() -> HostPort.parse("--status-addr", "localhost:http", resolver))
        .hasMessageContaining("port is not a number");
    assertThatThrownBy(() -> HostPort.parse("--status-addr", "localhost:70000", resolver))
        .hasMessageContaining("outside 0-65535");
    assertThat(asked).isEmpty();
  }

  @Test
  void bracketedIpv6LiteralsAreAccepted() {
    InetSocketAddress a = HostPort.parse("--status-addr", "[::1]:8547", InetAddress::getByName);
    assertThat(a.getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void aBindFailureIsExitCodeTwoWithItsOwnMessage() {
    java.net.BindException bind =
        new java.net.BindException("cannot bind the status endpoint to /127.0.0.1:8547: in use");
    RuntimeException thrown = new java.io.UncheckedIOException(bind);
    assertThat(ErrorMapping.exitCode(thrown)).isEqualTo(ExitCode.USAGE);
    assertThat(ErrorMapping.message(thrown))
        .isEqualTo("cannot bind the status endpoint to /127.0.0.1:8547: in use");
  }
}
