package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Enode list settings: every entry an enode, stray commas refused, one empty value means none. */
class EnodeListTest {
  private static final String A =
      "enode://d860a01f9722d78051619d1e2351aba3f43f943f6f00718d1b9baa4101932a1f5011f16bb2b1bb35db20d6fe28fa0bf09636d26a87d31de9ec6203eeedb1f666@127.0.0.1:30303";

  @Test
  void aStrayOrTrailingCommaIsRefusedNamingTheEntry() {
    assertThatThrownBy(() -> EnodeList.parse("--static-peers", List.of(A, "", A)))
        .isInstanceOf(CliException.class)
        .hasMessage("--static-peers: entry 2 of 3 is empty (a stray or trailing comma?)");
    assertThatThrownBy(() -> EnodeList.parse("--bootnodes", List.of(A, " ")))
        .hasMessageContaining("entry 2 of 2 is empty");
  }

  @Test
  void aBadEntryIsNamedWithItsReason() {
    assertThatThrownBy(() -> EnodeList.parse("--static-peers", List.of(A, A.replace("127.0.0.1", "1.2.3.999"))))
        .hasMessageStartingWith("--static-peers: entry 2: enode URL host: bad IPv4 address '1.2.3.999'");
  }

  @Test
  void nothingOrOneEmptyValueMeansNoPeers() {
    assertThat(EnodeList.parse("--static-peers", null)).isEmpty();
    assertThat(EnodeList.parse("--static-peers", List.of(""))).isEmpty();
    assertThat(EnodeList.parse("--static-peers", List.of(A, A))).hasSize(2);
  }

  /** Through the real command line: picocli splits "a,,b" and the daemon refuses it with exit 2. */
  @Test
  void theRunCommandRefusesADoubleCommaWithExitTwo() {
    CliRunner.Result r = CliRunner.run("run", "--static-peers", A + ",," + A, "--no-discovery",
        "--data-dir", "/nonexistent/never-created", "--status-addr", "127.0.0.1:0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--static-peers: entry 2 of 3 is empty");
  }
}
