package io.ethfollow.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a JSON-RPC request body: parses it ({@link RpcRequestParser}), runs each call's method,
 * and serialises the answers in request order (notifications get none). Unknown methods and the
 * state and mempool methods ethfollow cannot answer get -32601 with a message that says why; a
 * method's own failure becomes its error object and never ends the batch. Thread-safe: runs on
 * the RPC worker threads, one body at a time per thread.
 */
public final class RpcDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RpcDispatcher.class);

  /**
   * Methods that need the state trie, a mempool or an EVM: ethfollow keeps history only. Named so
   * that a client gets a reason instead of "does not exist".
   */
  static final Set<String> STATE_METHODS = Set.of(
      "eth_call", "eth_estimateGas", "eth_getBalance", "eth_getCode", "eth_getStorageAt",
      "eth_getTransactionCount", "eth_getProof", "eth_createAccessList", "eth_sendRawTransaction",
      "eth_sendTransaction", "eth_sign", "eth_signTransaction", "eth_accounts", "eth_simulateV1",
      "eth_getAccount", "eth_coinbase", "eth_mining", "eth_hashrate", "debug_traceTransaction",
      "debug_traceBlockByNumber", "debug_traceBlockByHash", "debug_traceCall", "txpool_content",
      "txpool_status");

  private final Map<String, RpcMethod> methods;
  private final RpcRequestParser parser;
  private final int maxResponseBytes;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param methods every served method by name
   * @param maxBatch the most calls in one batch
   * @param maxResponseBytes the largest answer body; larger ones are replaced by an error
   */
  public RpcDispatcher(Map<String, RpcMethod> methods, int maxBatch, int maxResponseBytes) {
    this.methods = Map.copyOf(methods);
    this.parser = new RpcRequestParser(maxBatch);
    this.maxResponseBytes = maxResponseBytes;
  }

  /** The answer to {@code body}; empty when it held only notifications. */
  public byte[] handle(byte[] body) {
    RpcPayload payload = parser.parse(body);
    if (payload instanceof RpcPayload.Rejected r) {
      return write(error(JsonNodeFactory.instance.nullNode(), r.error()));
    }
    if (payload instanceof RpcPayload.Single s) {
      JsonNode answer = answer(s.entry());
      if (answer == null) {
        return new byte[0];
      }
      byte[] bytes = write(answer);
      return bytes.length <= maxResponseBytes ? bytes : write(tooLarge(answer.get("id"), bytes.length));
    }
    return batch(((RpcPayload.Batch) payload).entries());
  }

  /**
   * A batch's answers, serialised one by one against a running total (geth's rule): once the total
   * would pass the response limit, that call and every later one get a "response too large" error
   * without running, so a batch of large calls never builds more than the limit in memory.
   */
  private byte[] batch(List<RpcPayload.Entry> entries) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int answers = 0;
    boolean full = false;
    out.write('[');
    for (RpcPayload.Entry e : entries) {
      byte[] bytes;
      if (full) {
        if (e instanceof RpcPayload.Call c && c.call().notification()) {
          continue;
        }
        bytes = write(tooLarge(idOf(e), -1));
      } else {
        JsonNode a = answer(e);
        if (a == null) {
          continue;
        }
        bytes = write(a);
        if (out.size() + bytes.length > maxResponseBytes) {
          full = true;
          bytes = write(tooLarge(a.get("id"), bytes.length));
        }
      }
      if (answers++ > 0) {
        out.write(',');
      }
      out.writeBytes(bytes);
    }
    out.write(']');
    return answers == 0 ? new byte[0] : out.toByteArray();
  }

  private static JsonNode idOf(RpcPayload.Entry e) {
    return e instanceof RpcPayload.Call c ? c.call().id() : ((RpcPayload.Invalid) e).id();
  }

  private ObjectNode tooLarge(JsonNode id, long bytes) {
    return error(id == null ? JsonNodeFactory.instance.nullNode() : id,
        new RpcError(RpcError.LIMIT_EXCEEDED, "response too large"
            + (bytes >= 0 ? ": " + bytes + " bytes" : "") + ", the limit is " + maxResponseBytes
            + " bytes per answer (a batch: in all)"));
  }

  /** The answer object of one entry, or null for a notification. */
  private JsonNode answer(RpcPayload.Entry entry) {
    if (entry instanceof RpcPayload.Invalid inv) {
      return error(inv.id(), inv.error());
    }
    RpcCall call = ((RpcPayload.Call) entry).call();
    JsonNode result;
    try {
      result = call(call);
    } catch (RpcException e) {
      return call.notification() ? null : error(call.id(), e.error());
    } catch (RuntimeException | StackOverflowError e) {
      LOG.atWarn()
          .setMessage("JSON-RPC method failed")
          .addKeyValue("event", "rpc_method_failed")
          .addKeyValue("method", call.method())
          .addKeyValue("error", String.valueOf(e.getMessage()))
          .setCause(e)
          .log();
      return call.notification() ? null : error(call.id(),
          new RpcError(RpcError.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())));
    }
    if (call.notification()) {
      return null;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("jsonrpc", "2.0");
    o.set("id", call.id());
    o.set("result", result == null ? JsonNodeFactory.instance.nullNode() : result);
    return o;
  }

  private JsonNode call(RpcCall call) {
    RpcMethod m = methods.get(call.method());
    if (m != null) {
      return m.call(new RpcParams(call.method(), call.params()));
    }
    if (STATE_METHODS.contains(call.method())) {
      throw new RpcException(RpcError.METHOD_NOT_FOUND, call.method()
          + " is not available: ethfollow keeps chain history (blocks, transactions, receipts,"
          + " logs), not state, a mempool or an EVM");
    }
    throw new RpcException(RpcError.METHOD_NOT_FOUND,
        "the method " + call.method() + " does not exist/is not available");
  }

  private static ObjectNode error(JsonNode id, RpcError e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("jsonrpc", "2.0");
    o.set("id", id);
    ObjectNode err = o.putObject("error");
    err.put("code", e.code());
    err.put("message", e.message());
    return o;
  }

  private byte[] write(JsonNode n) {
    try {
      return json.writeValueAsBytes(n);
    } catch (JsonProcessingException e) { // a tree of our own nodes always serialises
      return ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":\"internal error\"}}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }
}
