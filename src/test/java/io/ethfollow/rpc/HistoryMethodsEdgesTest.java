package io.ethfollow.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.store.BlockStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edge values of the history methods' parameters, against the exec-apis chain in a real store. */
class HistoryMethodsEdgesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static BlockStore store;
  static RpcDispatcher rpc;

  @BeforeAll
  static void open() throws Exception {
    store = ExecApisStore.open(dir.resolve("store"));
    rpc = ExecApisStore.dispatcher(store);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static JsonNode call(String method, String params) throws Exception {
    return JSON.readTree(rpc.handle(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method
        + "\",\"params\":" + params + "}").getBytes(StandardCharsets.UTF_8)));
  }

  /** 0x8000000000000000 parses as a negative long: it must be "past the end", not index 0. */
  @Test
  void anIndexOf2To63OrMoreIsPastTheEndNotTheFirst() throws Exception {
    assertThat(call("eth_getTransactionByBlockNumberAndIndex", "[\"0x2d\", \"0x0\"]").get("result").isObject())
        .isTrue();
    assertThat(call("eth_getTransactionByBlockNumberAndIndex", "[\"0x2d\", \"0x8000000000000000\"]")
        .get("result").isNull()).isTrue();
    assertThat(call("eth_getTransactionByBlockNumberAndIndex", "[\"0x2d\", \"0xffffffffffffffff\"]")
        .get("result").isNull()).isTrue();
    assertThat(call("eth_getUncleByBlockNumberAndIndex", "[\"0x2d\", \"0xffffffffffffffff\"]")
        .get("result").isNull()).isTrue();
  }

  @Test
  void aBlockNumberOf2To63OrMoreIsInvalidParams() throws Exception {
    JsonNode r = call("eth_getBlockByNumber", "[\"0x8000000000000000\", false]");
    assertThat(r.get("error").get("code").asInt()).isEqualTo(-32602);
    assertThat(r.get("error").get("message").asText()).contains("larger than int64");
  }

  @Test
  void pendingLogsAreNotSupported() throws Exception {
    JsonNode r = call("eth_getLogs", "[{\"fromBlock\":\"0x1\",\"toBlock\":\"pending\"}]");
    assertThat(r.get("error").get("code").asInt()).isEqualTo(-32602);
    assertThat(r.get("error").get("message").asText()).contains("pending");
  }

  @Test
  void aLogsQueryPastTheRangeLimitNamesTheLimit() throws Exception {
    String many = "[" + String.join(",", java.util.Collections.nCopies(1_001,
        "\"0x7dcd17433742f4c0ca53122ab541d0ba67fc27df\"")) + "]";
    JsonNode r = call("eth_getLogs", "[{\"fromBlock\":\"0x1\",\"toBlock\":\"0x2\",\"address\":" + many + "}]");
    assertThat(r.get("error").get("code").asInt()).isEqualTo(-32602);
    assertThat(r.get("error").get("message").asText()).contains("at most 1000 addresses");
  }

  @Test
  void feeHistoryWithAHugeCountOrTooManyPercentilesIsAnswered() throws Exception {
    JsonNode huge = call("eth_feeHistory", "[\"0xffffffffffffffff\", \"0x1b\", []]");
    assertThat(huge.get("result").get("oldestBlock").asText()).isEqualTo("0x0");
    assertThat(huge.get("result").get("gasUsedRatio")).hasSize(28);
    String many = "[" + String.join(",", java.util.Collections.nCopies(101, "50")) + "]";
    JsonNode r = call("eth_feeHistory", "[\"0x1\", \"0x1b\", " + many + "]");
    assertThat(r.get("error").get("code").asInt()).isEqualTo(-32602);
  }
}
