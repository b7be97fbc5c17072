package io.ethfollow.status;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for the status server under test: one request, bounded by 5 s. */
final class LoopbackHttp {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LoopbackHttp() {}

  static URI uri(InetSocketAddress server, String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  static HttpResponse<String> send(InetSocketAddress server, String method, String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(server, path)).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  /** Sends a request built by the test (headers, body), with the 5 s bound. */
  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
