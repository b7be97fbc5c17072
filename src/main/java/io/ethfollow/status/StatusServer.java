package io.ethfollow.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ethfollow.http.HttpLimits;
import io.ethfollow.http.HttpServer;
import java.net.InetSocketAddress;

/**
 * The HTTP status endpoint (default 127.0.0.1:8547): {@code GET /status}, {@code GET /health},
 * {@code GET /peers} (JSON) and {@code GET /metrics} (Prometheus text format 0.0.4),
 * JSON errors for unknown paths (404) and other methods (405). Served by an {@link HttpServer}
 * with {@link HttpLimits#STATUS} (one Netty event-loop thread; connection cap, pipelining limit,
 * write backpressure, request and idle deadlines); the handler only reads published snapshots.
 * Start with {@link #start}, stop with {@link #close}.
 */
public final class StatusServer implements AutoCloseable {
  private final HttpServer http;

  private StatusServer(HttpServer http) {
    this.http = http;
  }

  /**
   * Binds and starts serving.
   *
   * @throws java.io.UncheckedIOException with a {@link java.net.BindException} when the address
   *     cannot be bound (in use, not local)
   */
  public static StatusServer start(InetSocketAddress address, StatusSource source) {
    return start(address, source, PeersSource.NONE);
  }

  /**
   * Binds and starts serving, with {@code /peers} read from {@code peers}.
   *
   * @throws java.io.UncheckedIOException with a {@link java.net.BindException} when the address
   *     cannot be bound (in use, not local)
   */
  public static StatusServer start(InetSocketAddress address, StatusSource source, PeersSource peers) {
    return start(address, source, peers, HttpLimits.STATUS);
  }

  /**
   * Binds and starts serving with other limits than {@link HttpLimits#STATUS} (tests use short
   * deadlines).
   *
   * @throws java.io.UncheckedIOException with a {@link java.net.BindException} when the address
   *     cannot be bound (in use, not local)
   */
  public static StatusServer start(
      InetSocketAddress address, StatusSource source, PeersSource peers, HttpLimits limits) {
    StatusHttpHandler handler = new StatusHttpHandler(source, peers, new ObjectMapper());
    return new StatusServer(HttpServer.start("status endpoint", address, limits, () -> handler));
  }

  /** The bound address (useful with port 0 in tests). */
  public InetSocketAddress address() {
    return http.address();
  }

  /** The HTTP server underneath, for its connection and buffer figures. */
  public HttpServer http() {
    return http;
  }

  @Override
  public void close() {
    http.close();
  }
}
