package io.ethfollow.rpc;

/**
 * A JSON-RPC 2.0 error object: the spec's codes for protocol errors, and the codes geth and reth
 * use for the rest, so client libraries and indexers classify our errors as they classify theirs.
 */
public record RpcError(int code, String message) {
  /** Invalid JSON (JSON-RPC 2.0 §5.1). */
  public static final int PARSE_ERROR = -32700;

  /** Valid JSON that is not a request object. */
  public static final int INVALID_REQUEST = -32600;

  /** No such method, or one ethfollow cannot answer (state, mempool). */
  public static final int METHOD_NOT_FOUND = -32601;

  /** Wrong parameter count, type or value. */
  public static final int INVALID_PARAMS = -32602;

  /** A failure of ours (a damaged store); the message says what. */
  public static final int INTERNAL_ERROR = -32603;

  /** Limits (batch size, response size): geth's code for "server error", with the limit named. */
  public static final int LIMIT_EXCEEDED = -32005;

  /**
   * History that is not in this store (below the sync start, a hole): the code geth answers for
   * pruned history (EIP-4444), so indexers know to ask elsewhere.
   */
  public static final int HISTORY_UNAVAILABLE = 4444;

  public static RpcError invalidParams(String message) {
    return new RpcError(INVALID_PARAMS, message);
  }
}
