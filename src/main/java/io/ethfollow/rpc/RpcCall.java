package io.ethfollow.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * One well-formed JSON-RPC 2.0 request: its id (a string, number or null; absent for a
 * notification), the method name and the positional parameters (empty when none were sent).
 */
public record RpcCall(JsonNode id, boolean notification, String method, ArrayNode params) {}
