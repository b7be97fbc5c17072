package io.ethfollow.http;

import java.time.Duration;

/**
 * What one {@link HttpServer} lets a client cost it: connections, bytes buffered in each direction,
 * requests waiting for an answer, and how long a connection may take to send a request or to take
 * an answer. A value, checked when built; {@link #STATUS} holds the status endpoint's defaults.
 *
 * <p>Per connection the server holds at most about {@code maxReadBytes} of unread input, one
 * request head ({@code maxInitialLineBytes + maxHeaderBytes}) and one body ({@code
 * maxContentBytes}) being decoded, and {@code writeHighWaterBytes} plus {@code maxPipelined}
 * answers of output; {@link #bufferedBytesPerConnection} adds the input side up. A later
 * WebSocket upgrade of the same connection (the JSON-RPC server) keeps the connection cap, the
 * water marks and the read gate, and uses {@code maxContentBytes} as its largest frame.
 *
 * @param maxConnections open connections; one more is closed as soon as it is accepted
 * @param maxPipelined requests read but not yet answered on one connection; the server stops
 *     reading that connection until an answer has been written to the socket
 * @param maxInitialLineBytes the request line (method, target, version)
 * @param maxHeaderBytes all header lines of one request together
 * @param maxContentBytes one request body (413 beyond it); later also one WebSocket frame
 * @param maxReadBytes the largest buffer one socket read fills
 * @param writeLowWaterBytes the connection is writable again once its unwritten output drops to
 *     this
 * @param writeHighWaterBytes above this much unwritten output the connection is not writable and
 *     the server stops reading it
 * @param requestDeadline a connection must deliver a complete request (head and body) within this
 *     of opening, or of the first byte after its previous request; bytes arriving do not extend it
 * @param idleTimeout a connection with nothing to answer and no request begun is closed after this
 * @param writeTimeout an answer not completely written to the socket within this closes the
 *     connection (the client is not reading)
 */
public record HttpLimits(
    int maxConnections,
    int maxPipelined,
    int maxInitialLineBytes,
    int maxHeaderBytes,
    int maxContentBytes,
    int maxReadBytes,
    int writeLowWaterBytes,
    int writeHighWaterBytes,
    Duration requestDeadline,
    Duration idleTimeout,
    Duration writeTimeout) {

  /**
   * The status endpoint's clients are curl, a Prometheus scraper and a few health checks: 64 is
   * ten times what they need, and 64 connections at their worst buffer a few MiB in all.
   */
  static final int STATUS_MAX_CONNECTIONS = 64;

  /**
   * Real clients do not pipeline (browsers and curl dropped it); one that does gains its round trip
   * with 2-4 requests in flight. Beyond 4 the server only buffers answers the client is not taking.
   */
  static final int STATUS_MAX_PIPELINED = 4;

  /** The longest status URL with a query string is under 100 bytes; 4 KiB is Netty's default. */
  static final int STATUS_MAX_INITIAL_LINE = 4 * 1024;

  /** curl and Prometheus send a few hundred bytes of headers; 8 KiB is the common server limit. */
  static final int STATUS_MAX_HEADERS = 8 * 1024;

  /** Status requests have no body; 8 KiB leaves room for a client that sends a small one anyway. */
  static final int STATUS_MAX_CONTENT = 8 * 1024;

  /**
   * curl's request is under 100 bytes. 2 KiB per read bounds what is read ahead of the pipelining
   * limit: at most 113 of the smallest requests (18 bytes), under the 128 requests decoded ahead
   * that Netty's codec accepts ({@link HttpServer#MAX_DECODED_AHEAD}), so a pipelining client is
   * slowed down, not cut off; larger bodies just take more reads.
   */
  static final int STATUS_MAX_READ = 2 * 1024;

  /** Writable again with two answers (a /metrics page is about 4 KiB) left to write. */
  static final int STATUS_WRITE_LOW_WATER = 8 * 1024;

  /**
   * Netty's default high mark (64 KiB): several pipelined answers fit, so a client that reads never
   * meets it; one that does not read costs at most this plus the answers already produced.
   */
  static final int STATUS_WRITE_HIGH_WATER = 64 * 1024;

  /**
   * A request head arrives in one segment; 10 s covers three lost-segment retransmissions (1 + 2 +
   * 4 s) on a bad link and closes a slowloris connection after 10 s however it dribbles.
   */
  static final Duration STATUS_REQUEST_DEADLINE = Duration.ofSeconds(10);

  /** Longer than the common 15 s scrape interval: a scraper keeps its connection between scrapes. */
  static final Duration STATUS_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** A few KiB take milliseconds to a reading client; one taking none in 10 s is not reading. */
  static final Duration STATUS_WRITE_TIMEOUT = Duration.ofSeconds(10);

  /** The status endpoint's limits (see each constant for why). */
  public static final HttpLimits STATUS =
      new HttpLimits(
          STATUS_MAX_CONNECTIONS,
          STATUS_MAX_PIPELINED,
          STATUS_MAX_INITIAL_LINE,
          STATUS_MAX_HEADERS,
          STATUS_MAX_CONTENT,
          STATUS_MAX_READ,
          STATUS_WRITE_LOW_WATER,
          STATUS_WRITE_HIGH_WATER,
          STATUS_REQUEST_DEADLINE,
          STATUS_IDLE_TIMEOUT,
          STATUS_WRITE_TIMEOUT);

  /** Checks the values: sizes and counts positive, low water below high water, durations > 0. */
  public HttpLimits {
    positive("maxConnections", maxConnections);
    positive("maxPipelined", maxPipelined);
    positive("maxInitialLineBytes", maxInitialLineBytes);
    positive("maxHeaderBytes", maxHeaderBytes);
    positive("maxContentBytes", maxContentBytes);
    positive("maxReadBytes", maxReadBytes);
    positive("writeLowWaterBytes", writeLowWaterBytes);
    if (writeHighWaterBytes <= writeLowWaterBytes) {
      throw new IllegalArgumentException(
          "writeHighWaterBytes (" + writeHighWaterBytes + ") must exceed writeLowWaterBytes ("
              + writeLowWaterBytes + ")");
    }
    positive("requestDeadline", requestDeadline);
    positive("idleTimeout", idleTimeout);
    positive("writeTimeout", writeTimeout);
  }

  /** The same limits with another connection cap. */
  public HttpLimits withMaxConnections(int n) {
    return new HttpLimits(
        n, maxPipelined, maxInitialLineBytes, maxHeaderBytes, maxContentBytes, maxReadBytes,
        writeLowWaterBytes, writeHighWaterBytes, requestDeadline, idleTimeout, writeTimeout);
  }

  /** The same limits with other request, idle and write deadlines. */
  public HttpLimits withDeadlines(Duration request, Duration idle, Duration write) {
    return new HttpLimits(
        maxConnections, maxPipelined, maxInitialLineBytes, maxHeaderBytes, maxContentBytes,
        maxReadBytes, writeLowWaterBytes, writeHighWaterBytes, request, idle, write);
  }

  /** The same limits with another pipelining limit. */
  public HttpLimits withMaxPipelined(int n) {
    return new HttpLimits(
        maxConnections, n, maxInitialLineBytes, maxHeaderBytes, maxContentBytes, maxReadBytes,
        writeLowWaterBytes, writeHighWaterBytes, requestDeadline, idleTimeout, writeTimeout);
  }

  /**
   * Input one connection can hold at worst: one read buffer, one head and one body being decoded.
   * Output is bounded by {@code writeHighWaterBytes} plus {@code maxPipelined} answers, whose size
   * the application decides.
   */
  public long bufferedBytesPerConnection() {
    return (long) maxReadBytes + maxInitialLineBytes + maxHeaderBytes + maxContentBytes;
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void positive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
    }
  }
}
