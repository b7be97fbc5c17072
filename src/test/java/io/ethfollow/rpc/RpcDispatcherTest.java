package io.ethfollow.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON-RPC 2.0 framing: error codes for each kind of bad request, batches, notifications, limits. */
class RpcDispatcherTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RpcDispatcher rpc = new RpcDispatcher(Map.of(
      "echo", p -> p.expect(1, 1).raw(0),
      "boom", p -> {
        throw new IllegalStateException("disk on fire");
      },
      "big", p -> TextNode.valueOf("x".repeat(2_000))), 3, 1_000);

  private JsonNode call(String body) throws Exception {
    byte[] answer = rpc.handle(body.getBytes(StandardCharsets.UTF_8));
    return answer.length == 0 ? null : JSON.readTree(answer);
  }

  private static int code(JsonNode n) {
    return n.get("error").get("code").asInt();
  }

  @Test
  void malformedJsonIsAParseErrorWithANullId() throws Exception {
    JsonNode r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");
    assertThat(code(r)).isEqualTo(-32700);
    assertThat(r.get("id").isNull()).isTrue();
    assertThat(code(call(""))).isEqualTo(-32700);
  }

  @Test
  void aValidJsonThatIsNoRequestIsAnInvalidRequest() throws Exception {
    assertThat(code(call("42"))).isEqualTo(-32600);
    assertThat(code(call("{\"id\":1,\"method\":\"echo\"}"))).as("no jsonrpc").isEqualTo(-32600);
    assertThat(code(call("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"echo\"}"))).isEqualTo(-32600);
    assertThat(code(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}"))).isEqualTo(-32600);
    assertThat(code(call("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"echo\"}"))).isEqualTo(-32600);
    JsonNode named = call("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"echo\",\"params\":{\"a\":1}}");
    assertThat(code(named)).as("named params: valid JSON-RPC, not ours").isEqualTo(-32602);
    assertThat(named.get("id").asInt()).isEqualTo(5);
  }

  @Test
  void unknownAndStateMethodsAreMethodNotFoundWithAReason() throws Exception {
    JsonNode unknown = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_nope\"}");
    assertThat(code(unknown)).isEqualTo(-32601);
    assertThat(unknown.get("error").get("message").asText()).contains("eth_nope");
    JsonNode state = call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_getBalance\",\"params\":[]}");
    assertThat(code(state)).isEqualTo(-32601);
    assertThat(state.get("error").get("message").asText()).contains("history").contains("not state");
  }

  @Test
  void wrongParameterCountIsInvalidParams() throws Exception {
    JsonNode r = call("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"echo\",\"params\":[]}");
    assertThat(code(r)).isEqualTo(-32602);
    assertThat(r.get("id").asText()).isEqualTo("a");
  }

  @Test
  void aFailingMethodIsAnInternalErrorAndTheBatchGoesOn() throws Exception {
    JsonNode r = call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"boom\"},"
        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"echo\",\"params\":[7]}]");
    assertThat(r).hasSize(2);
    assertThat(code(r.get(0))).isEqualTo(-32603);
    assertThat(r.get(0).get("error").get("message").asText()).contains("disk on fire");
    assertThat(r.get(1).get("result").asInt()).isEqualTo(7);
  }

  @Test
  void aBatchAnswersEveryEntryInOrderAndSkipsNotifications() throws Exception {
    JsonNode r = call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[1]},"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[2]}, 5]");
    assertThat(r).hasSize(2);
    assertThat(r.get(0).get("result").asInt()).isEqualTo(1);
    assertThat(code(r.get(1))).isEqualTo(-32600);
    assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[2]}")).as("notification").isNull();
    assertThat(code(call("[]"))).isEqualTo(-32600);
  }

  /** geth's answer: an array holding one error, so a batch client still gets an array back. */
  @Test
  void aBatchOverTheLimitIsRefusedWholeAsABatchOfOneError() throws Exception {
    String one = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[1]}";
    JsonNode r = call("[" + one + "," + one + "," + one + "," + one + "]");
    assertThat(r.isArray()).isTrue();
    assertThat(r).hasSize(1);
    assertThat(code(r.get(0))).isEqualTo(-32600);
    assertThat(r.get(0).get("error").get("message").asText()).contains("4 calls").contains("limit is 3");
  }

  /**
   * Answers are counted as they are produced: once a batch's answers pass the limit, that call and
   * the later ones get an error without running, so a batch of large calls cannot fill the heap.
   */
  @Test
  void aBatchStopsRunningCallsOnceItsAnswersPassTheLimit() throws Exception {
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    RpcDispatcher counting = new RpcDispatcher(Map.of("half", p -> {
      runs.incrementAndGet();
      return TextNode.valueOf("x".repeat(400));
    }), 10, 1_000);
    String one = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"half\"}";
    JsonNode r = JSON.readTree(counting.handle(("[" + String.join(",", java.util.Collections.nCopies(6, one)) + "]")
        .getBytes(StandardCharsets.UTF_8)));
    assertThat(r).hasSize(6);
    assertThat(r.get(0).has("result")).isTrue();
    assertThat(r.get(1).has("result")).isTrue();
    assertThat(code(r.get(2))).isEqualTo(-32005);
    assertThat(code(r.get(5))).isEqualTo(-32005);
    assertThat(runs.get()).as("calls after the limit are not run").isEqualTo(3);
  }

  @Test
  void trailingGarbageAfterTheRequestIsAParseError() throws Exception {
    assertThat(code(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[1]} x"))).isEqualTo(-32700);
  }

  @Test
  void anAnswerOverTheResponseLimitIsReplacedByAnError() throws Exception {
    JsonNode r = call("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"big\"}");
    assertThat(code(r)).isEqualTo(-32005);
    assertThat(r.get("id").asInt()).isEqualTo(9);
  }

  @Test
  void deeplyNestedJsonIsRefusedNotRecursedInto() throws Exception {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThat(code(call(deep))).isEqualTo(-32700);
  }
}
