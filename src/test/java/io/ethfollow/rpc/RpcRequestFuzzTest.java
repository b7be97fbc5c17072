package io.ethfollow.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * Coverage-guided fuzz test of the JSON-RPC request parser and dispatcher (docs/fuzzing.md).
 * Contract: any body gets an answer — nothing is thrown — and the answer is JSON-RPC 2.0: one
 * object or a batch array of objects, each with {@code jsonrpc} "2.0", an {@code id}, and exactly
 * one of {@code result} and {@code error} (with an integer code and a message); only a body of
 * notifications gets no answer. Seeds and kept crash inputs under
 * src/test/resources/io/ethfollow/rpc/RpcRequestFuzzTestInputs run in every test run.
 */
class RpcRequestFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A small batch limit and answer limit, so the fuzzer reaches both refusals with small inputs. */
  private static final RpcDispatcher RPC = new RpcDispatcher(Map.of(
      "echo", p -> p.expect(1, 1).raw(0),
      "tag", p -> TextNode.valueOf(p.expect(1, 1).blockTag(0).toString()),
      "hash", p -> TextNode.valueOf(p.expect(1, 1).hash(0).toHex()),
      "logs", p -> TextNode.valueOf(LogFilter.parse(p.expect(1, 1).raw(0)).toString())), 8, 4096);

  @FuzzTest
  void everyBodyGetsAWellFormedJsonRpcAnswer(byte[] body) throws Exception {
    byte[] answer = RPC.handle(body);
    if (answer.length == 0) {
      return; // notifications only
    }
    JsonNode n = JSON.readTree(answer);
    if (n.isArray()) {
      assertThat(n).isNotEmpty();
      n.forEach(RpcRequestFuzzTest::checkAnswer);
    } else {
      checkAnswer(n);
    }
  }

  private static void checkAnswer(JsonNode a) {
    assertThat(a.isObject()).as(a.toString()).isTrue();
    assertThat(a.get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(a.has("id")).isTrue();
    assertThat(a.has("result") ^ a.has("error")).as(a.toString()).isTrue();
    if (a.has("error")) {
      assertThat(a.get("error").get("code").isInt()).isTrue();
      assertThat(a.get("error").get("message").asText()).isNotBlank();
    }
  }
}
