package io.ethfollow.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The filter is installed by both shipped configurations, and summaries encode as documented. */
class DedupInstallationTest {

  @Test
  void shouldInstallDedupFilterWithOneSecondWindowWhenLogbackXmlLoads() throws Exception {
    DedupTurboFilter f = load(getClass().getResource("/logback.xml").toString());
    assertThat(f.settings()).isEqualTo(DedupSettings.defaults());
  }

  @Test
  void shouldInstallDedupFilterWhenFileConfigLoads() throws Exception {
    Path file = Path.of("config/logback-file.xml").toAbsolutePath();
    DedupTurboFilter f = load(file.toUri().toString());
    assertThat(f.settings().windowMillis()).isEqualTo(DedupSettings.DEFAULT_WINDOW_MILLIS);
  }

  @Test
  void shouldTakeWindowFromSystemPropertyWhenSet() throws Exception {
    System.setProperty("ethfollow.log.dedupWindowMillis", "250");
    try {
      DedupTurboFilter f = load(getClass().getResource("/logback.xml").toString());
      assertThat(f.settings().windowMillis()).isEqualTo(250);
    } finally {
      System.clearProperty("ethfollow.log.dedupWindowMillis");
    }
  }

  @Test
  void shouldEncodeSummaryAsJsonWithRepeatedAndOriginalFieldsWhenWritten() throws Exception {
    LoggerContext ctx = new LoggerContext();
    ctx.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J's binding does for the real context
    LogstashEncoder enc = new LogstashEncoder();
    enc.setContext(ctx);
    enc.start();
    EventKey key =
        new EventKey(
            ctx.getLogger("io.ethfollow.peer.PeerPool"),
            Level.WARN,
            "peer {} banned",
            List.of("0xab"),
            List.of(new KeyValuePair("event", "peer_banned")),
            null);
    ILoggingEvent e = SummaryEvents.of(new Summary(key, 41, false), Instant.ofEpochMilli(0));
    JsonNode json = new ObjectMapper().readTree(new String(enc.encode(e), StandardCharsets.UTF_8));
    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("message").asText()).isEqualTo("peer 0xab banned");
    assertThat(json.get("event").asText()).isEqualTo("peer_banned");
    assertThat(json.get("repeated").asLong()).isEqualTo(41);
    assertThat(json.has("rateCapped")).isFalse();
  }

  private static DedupTurboFilter load(String url) throws Exception {
    LoggerContext ctx = new LoggerContext();
    JoranConfigurator c = new JoranConfigurator();
    c.setContext(ctx);
    c.doConfigure(new java.net.URL(url));
    try {
      return ctx.getTurboFilterList().stream()
          .filter(DedupTurboFilter.class::isInstance)
          .map(DedupTurboFilter.class::cast)
          .findFirst()
          .orElseThrow();
    } finally {
      ctx.stop();
    }
  }
}
