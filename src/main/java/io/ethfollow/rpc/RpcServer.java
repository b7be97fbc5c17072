package io.ethfollow.rpc;

import io.ethfollow.http.HttpLimits;
import io.ethfollow.http.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JSON-RPC endpoint (default 127.0.0.1:8545): HTTP POST and WebSocket (an upgrade on the same
 * port), single calls and batches, on an {@link
 * HttpServer} with the JSON-RPC's {@link #httpLimits}. Owns the RPC worker pool: methods read the
 * store there, never on the Netty event loop and never on the sync owner thread, so a slow query
 * delays neither sync nor the status endpoint. Start with {@link #start}, stop with {@link #close}.
 */
public final class RpcServer implements AutoCloseable {
  /**
   * Workers: reads are RocksDB gets and JSON building, mostly CPU; four keep two cores busy while
   * some wait on disk, and bound how much of the machine queries can take from sync.
   */
  static final int WORKERS = 4;

  /**
   * Calls waiting for a worker: each connection queues at most one at a time (its {@link
   * CallQueue} runs them in order), so 256 connections cannot fill 1,024; the bound is a safety net.
   */
  static final int QUEUE = 1_024;

  /**
   * Total answer bytes waiting for their clients: ten 25 MiB answers, far more than well-behaved
   * clients ever hold, well under the unit's 2 GiB memory limit.
   */
  static final long RESPONSE_BUDGET_BYTES = 256L << 20;

  /**
   * Indexers keep pools of connections (viem and ethers keep-alive); 256 covers several of them,
   * and at ~5 MiB of input buffers each bounds the worst case.
   */
  static final int MAX_CONNECTIONS = 256;

  /** Clients rarely pipeline; 4 requests in flight per connection at most, in order. */
  static final int MAX_PIPELINED = 4;

  /** A 5 MiB body over a slow link takes seconds; 30 s, then a dribbling client is closed. */
  static final Duration REQUEST_DEADLINE = Duration.ofSeconds(30);

  /** Keep-alive pools reuse connections within a minute or two; longer idle ones are closed. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(120);

  /** A 25 MiB answer to a client that reads takes well under a minute. */
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

  private final HttpServer http;
  private final ThreadPoolExecutor workers;

  private RpcServer(HttpServer http, ThreadPoolExecutor workers) {
    this.http = http;
    this.workers = workers;
  }

  /** The HTTP limits for a JSON-RPC server with these RPC limits. */
  public static HttpLimits httpLimits(RpcLimits limits) {
    return new HttpLimits(MAX_CONNECTIONS, MAX_PIPELINED, 4 * 1024, 16 * 1024,
        limits.maxBodyBytes(), 64 * 1024, 256 * 1024, 1024 * 1024, REQUEST_DEADLINE, IDLE_TIMEOUT,
        WRITE_TIMEOUT);
  }

  /**
   * Binds and serves {@code dispatcher}.
   *
   * @throws java.io.UncheckedIOException with a {@link java.net.BindException} when the address
   *     cannot be bound
   */
  public static RpcServer start(
      InetSocketAddress address, RpcDispatcher dispatcher, RpcAccess access, HttpLimits limits) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUE), r -> {
          Thread t = new Thread(r, "ethfollow-rpc-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    ResponseBudget budget = new ResponseBudget(RESPONSE_BUDGET_BYTES);
    try {
      HttpServer http = HttpServer.start("JSON-RPC endpoint", address, limits,
          () -> new RpcHttpHandler(dispatcher, workers, access, budget, limits));
      return new RpcServer(http, workers);
    } catch (RuntimeException e) {
      workers.shutdownNow();
      throw e;
    }
  }

  public InetSocketAddress address() {
    return http.address();
  }

  public HttpServer http() {
    return http;
  }

  /** Stops listening and closes connections, then lets running calls finish (2 s at most). */
  @Override
  public void close() {
    http.close();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
