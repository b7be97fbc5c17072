package io.ethfollow.rpc;

/** Ends one call with a JSON-RPC error; thrown by methods and parameter readers. */
public final class RpcException extends RuntimeException {
  private final transient RpcError error;

  public RpcException(RpcError error) {
    super(error.message(), null, false, false); // a reply, not a bug: no stack trace
    this.error = error;
  }

  public RpcException(int code, String message) {
    this(new RpcError(code, message));
  }

  static RpcException invalidParams(String message) {
    return new RpcException(RpcError.invalidParams(message));
  }

  public RpcError error() {
    return error;
  }
}
