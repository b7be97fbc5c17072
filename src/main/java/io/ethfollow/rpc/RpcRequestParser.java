package io.ethfollow.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON-RPC 2.0 request body (one request object or a batch array) into an {@link
 * RpcPayload}, strictly: {@code "jsonrpc": "2.0"}, a string method, params an array (or absent), an
 * id that is a string, number or null. Never throws: every malformed input becomes an error answer.
 * Stateless and thread-safe; runs on an RPC worker thread.
 */
public final class RpcRequestParser {
  /**
   * Nesting a request needs is shallow (a filter object holds a topics array of arrays); 64 levels
   * refuse a deeply nested body before it costs stack.
   */
  private static final int MAX_NESTING = 64;

  private final ObjectMapper json;
  private final int maxBatch;

  /** @param maxBatch the most calls one batch may hold */
  public RpcRequestParser(int maxBatch) {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
        .build();
    // trailing garbage after the request is not a request; ids like 1.10 echo back exactly
    this.json = new ObjectMapper(factory)
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    this.maxBatch = maxBatch;
  }

  public RpcPayload parse(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      return new RpcPayload.Rejected(
          new RpcError(RpcError.PARSE_ERROR, "parse error: " + e.getOriginalMessage()));
    } catch (IOException e) {
      return new RpcPayload.Rejected(new RpcError(RpcError.PARSE_ERROR, "parse error"));
    } catch (NumberFormatException e) { // a number Jackson refuses (1e444444444444444444444): fuzzing
      return new RpcPayload.Rejected(
          new RpcError(RpcError.PARSE_ERROR, "parse error: number out of range"));
    }
    if (root == null || root.isMissingNode()) {
      return new RpcPayload.Rejected(new RpcError(RpcError.PARSE_ERROR, "parse error: empty body"));
    }
    if (root.isArray()) {
      if (root.isEmpty()) {
        return new RpcPayload.Rejected(new RpcError(RpcError.INVALID_REQUEST, "empty batch"));
      }
      if (root.size() > maxBatch) {
        // geth's answer: a batch holding one error, so a batch client still gets an array
        JsonNode first = root.get(0).isObject() ? root.get(0).get("id") : null;
        return new RpcPayload.Batch(List.of(new RpcPayload.Invalid(
            first == null ? JsonNodeFactory.instance.nullNode() : first,
            new RpcError(RpcError.INVALID_REQUEST, "batch too large: " + root.size()
                + " calls, the limit is " + maxBatch))));
      }
      List<RpcPayload.Entry> entries = new ArrayList<>(root.size());
      for (JsonNode element : root) {
        entries.add(entry(element));
      }
      return new RpcPayload.Batch(List.copyOf(entries));
    }
    return new RpcPayload.Single(entry(root));
  }

  private static RpcPayload.Entry entry(JsonNode n) {
    if (!n.isObject()) {
      return invalid(null, "a request must be a JSON object");
    }
    JsonNode id = n.get("id");
    boolean notification = id == null;
    if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
      return invalid(null, "id must be a string, a number or null");
    }
    JsonNode shownId = id == null ? JsonNodeFactory.instance.nullNode() : id;
    JsonNode version = n.get("jsonrpc");
    if (version == null || !version.isTextual() || !version.asText().equals("2.0")) {
      return invalid(shownId, "jsonrpc must be \"2.0\"");
    }
    JsonNode method = n.get("method");
    if (method == null || !method.isTextual() || method.asText().isEmpty()) {
      return invalid(shownId, "method must be a non-empty string");
    }
    JsonNode params = n.get("params");
    ArrayNode positional;
    if (params == null || params.isNull()) {
      positional = JsonNodeFactory.instance.arrayNode();
    } else if (params.isArray()) {
      positional = (ArrayNode) params;
    } else {
      // valid JSON-RPC, but every method here takes positional parameters (geth answers the same)
      return new RpcPayload.Invalid(shownId, RpcError.invalidParams(
          "non-array args: params must be an array (ethfollow takes positional parameters)"));
    }
    return new RpcPayload.Call(new RpcCall(shownId, notification, method.asText(), positional));
  }

  private static RpcPayload.Entry invalid(JsonNode id, String message) {
    return new RpcPayload.Invalid(
        id == null ? JsonNodeFactory.instance.nullNode() : id,
        new RpcError(RpcError.INVALID_REQUEST, "invalid request: " + message));
  }
}
