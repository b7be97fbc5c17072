package io.ethfollow.rpc;

import java.util.List;

/** What a request body holds, as {@link RpcRequestParser} reads it. */
public sealed interface RpcPayload {
  /** One request object. */
  record Single(Entry entry) implements RpcPayload {}

  /** A non-empty array of request objects; each entry is answered on its own. */
  record Batch(List<Entry> entries) implements RpcPayload {}

  /** A body that gets one error answer with a null id: malformed JSON, an empty batch, too many calls. */
  record Rejected(RpcError error) implements RpcPayload {}

  /** One element of a request: a call, or an element that is not a valid request object. */
  sealed interface Entry {}

  /** A valid request. */
  record Call(RpcCall call) implements Entry {}

  /** An invalid element: answered with {@code error} and {@code id} (null when unreadable). */
  record Invalid(com.fasterxml.jackson.databind.JsonNode id, RpcError error) implements Entry {}
}
