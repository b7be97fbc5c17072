package io.ethfollow.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One JSON-RPC method: reads its parameters, answers a result (JSON null for "not found") or throws
 * {@link RpcException}. Runs on an RPC worker thread; may read the store, never blocks on sync.
 */
@FunctionalInterface
public interface RpcMethod {
  JsonNode call(RpcParams params);
}
