package io.ethfollow.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.testing.PrometheusSamples;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Damage the store found shows in {@code /status} (under storage), {@code /metrics}, and turns
 * {@code /health} 503 with the reason, even while following at the head. Real server on loopback.
 */
class StoreDamageStatusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicReference<StatusDocument> status = new AtomicReference<>();
  private StatusServer server;

  @BeforeEach
  void start() {
    status.set(following(new StatusDocument.Storage(101, 4096)));
    server = StatusServer.start(new InetSocketAddress("127.0.0.1", 0), status::get, List::of);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static StatusDocument following(StatusDocument.Storage storage) {
    return new StatusDocument(
        "0.1.0", "mainnet", 1, "0xd4e5", "follow", new StatusDocument.Head(100, "0xaa"), 100L,
        storage, "/var/lib/ethfollow", 60, new StatusDocument.NetworkHead(100, "0xaa", 3),
        null, null, null, 0L, null, null, null, null, null);
  }

  private HttpResponse<String> send(String path) throws Exception {
    return LoopbackHttp.send(server.address(), "GET", path);
  }

  @Test
  void anUndamagedStoreReportsZeroAndStaysHealthy() throws Exception {
    assertThat(send("/health").statusCode()).isEqualTo(200);
    JsonNode storage = JSON.readTree(send("/status").body()).get("storage");
    assertThat(storage.get("damagedEntries").asLong()).isZero();
    assertThat(storage.has("writeError")).isFalse();
    Map<String, Double> m = PrometheusSamples.parse(send("/metrics").body());
    assertThat(m).containsEntry("ethfollow_storage_damaged_entries", 0.0)
        .containsEntry("ethfollow_storage_writes_refused", 0.0);
  }

  @Test
  void damagedEntriesAreCountedAndMakeHealth503WithTheRepairCommand() throws Exception {
    status.set(following(new StatusDocument.Storage(101, 4096, 3, null)));
    HttpResponse<String> health = send("/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("3 damaged store entries").contains("ethfollow db repair");
    assertThat(JSON.readTree(send("/status").body()).get("storage").get("damagedEntries").asLong())
        .isEqualTo(3);
    assertThat(PrometheusSamples.parse(send("/metrics").body()))
        .containsEntry("ethfollow_storage_damaged_entries", 3.0);
  }

  @Test
  void aStoreThatRefusesWritesIsUnhealthyWithTheBackgroundError() throws Exception {
    String why = "RocksDB compaction failed (Corruption: block checksum mismatch in 000021.sst);"
        + " the store refuses writes";
    status.set(following(new StatusDocument.Storage(101, 4096, 0, why)));
    HttpResponse<String> health = send("/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("store refuses writes").contains("000021.sst");
    assertThat(JSON.readTree(send("/status").body()).get("storage").get("writeError").asText())
        .isEqualTo(why);
    assertThat(PrometheusSamples.parse(send("/metrics").body()))
        .containsEntry("ethfollow_storage_writes_refused", 1.0);
  }
}
