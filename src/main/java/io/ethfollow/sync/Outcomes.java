package io.ethfollow.sync;

import io.ethfollow.request.RequestOutcome;
import java.util.List;

/** Reads the items of a request outcome: everything an {@code Ok} or a {@code Partial} carried, else none. */
final class Outcomes {
  private Outcomes() {}

  /** The items received; empty for empty answers, timeouts, failures and a null (failed future). */
  static <T> List<T> items(RequestOutcome<List<T>> o) {
    if (o instanceof RequestOutcome.Ok<List<T>> ok) {
      return ok.value();
    }
    if (o instanceof RequestOutcome.Partial<List<T>> p) {
      return p.value();
    }
    return List.of();
  }
}
