import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests per second and latency percentiles of the JSON-RPC (docs/performance.md, "JSON-RPC").
 * Plain JDK, no build:
 *
 *   java scripts/RpcBench.java URL HEAD [CLIENTS] [SECONDS]
 *
 * For each case, CLIENTS threads (default 4) each send one request at a time for SECONDS (default
 * 10) over keep-alive HTTP, naming random blocks in 1..HEAD: eth_getBlockByNumber with hashes and
 * with full transactions, eth_getBlockReceipts, and eth_getLogs over 1,000 and 10,000 blocks (one
 * address, or none, from a log of the head block). Prints requests/s, p50, p99 and errors per case.
 */
public class RpcBench {
  public static void main(String[] a) throws Exception {
    String url = a[0];
    long head = Long.parseLong(a[1]);
    int clients = a.length > 2 ? Integer.parseInt(a[2]) : 4;
    int seconds = a.length > 3 ? Integer.parseInt(a[3]) : 10;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String address = firstLogAddress(http, url, head);
    System.out.printf("%-44s %9s %9s %9s %7s%n", "case", "req/s", "p50 ms", "p99 ms", "errors");
    run(http, url, clients, seconds, "eth_getBlockByNumber (hashes)",
        () -> body("eth_getBlockByNumber", "[\"" + hex(random(head)) + "\", false]"));
    run(http, url, clients, seconds, "eth_getBlockByNumber (full transactions)",
        () -> body("eth_getBlockByNumber", "[\"" + hex(random(head)) + "\", true]"));
    run(http, url, clients, seconds, "eth_getBlockReceipts",
        () -> body("eth_getBlockReceipts", "[\"" + hex(random(head)) + "\"]"));
    for (long range : new long[] {1_000, 10_000}) {
      if (range > head) {
        continue;
      }
      run(http, url, clients, seconds, "eth_getLogs " + range + " blocks, 1 address",
          () -> {
            long from = 1 + ThreadLocalRandom.current().nextLong(head - range + 1);
            return body("eth_getLogs", "[{\"fromBlock\":\"" + hex(from) + "\",\"toBlock\":\""
                + hex(from + range - 1) + "\",\"address\":\"" + address + "\"}]");
          });
    }
  }

  interface Body {
    String next();
  }

  static void run(HttpClient http, String url, int clients, int seconds, String name, Body body)
      throws Exception {
    List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.next())).build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
              errors.incrementAndGet();
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
          nanos.add(System.nanoTime() - t0);
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    double p50 = sorted.get(sorted.size() / 2) / 1e6;
    double p99 = sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6;
    System.out.printf("%-44s %9.1f %9.2f %9.2f %7d%n", name, sorted.size() / (double) seconds, p50, p99,
        errors.get());
  }

  static String firstLogAddress(HttpClient http, String url, long head) throws Exception {
    String r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body("eth_getBlockReceipts", "[\"" + hex(head) + "\"]")))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    int at = r.indexOf("\"logs\":[{\"address\":\"");
    return at < 0 ? "0x0000000000000000000000000000000000000000" : r.substring(at + 20, at + 62);
  }

  static long random(long head) {
    return 1 + ThreadLocalRandom.current().nextLong(head);
  }

  static String hex(long n) {
    return "0x" + Long.toHexString(n);
  }

  static String body(String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
  }
}
