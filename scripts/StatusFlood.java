import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Floods a running daemon's status endpoint as the probe of issue 10 did and reports what it costs
 * the daemon (docs/performance.md, "Status endpoint under hostile clients"). Plain JDK, no build:
 *
 *   java scripts/StatusFlood.java PID PORT [CLIENTS] [REQUESTS] [SECONDS] [SLOWLORIS]
 *
 * CLIENTS connections (default 20) each pipeline REQUESTS (default 20000) GET /status and never
 * read, for SECONDS (default 30); SLOWLORIS more connections (default 200) dribble one byte a
 * second. Prints the daemon's RSS and open fds (from /proc/PID) and the latency of a fresh
 * client's GET /status before, every 5 s during, and after the clients leave.
 */
public class StatusFlood {
  static final String GET = "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

  public static void main(String[] a) throws Exception {
    long pid = Long.parseLong(a[0]);
    int port = Integer.parseInt(a[1]);
    int clients = a.length > 2 ? Integer.parseInt(a[2]) : 20;
    int requests = a.length > 3 ? Integer.parseInt(a[3]) : 20_000;
    int seconds = a.length > 4 ? Integer.parseInt(a[4]) : 30;
    int slowloris = a.length > 5 ? Integer.parseInt(a[5]) : 200;
    report("before", pid, port);
    Selector selector = Selector.open();
    List<SocketChannel> flood = new ArrayList<>();
    byte[] one = GET.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < clients; i++) {
      SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      c.configureBlocking(false);
      ByteBuffer all = ByteBuffer.allocate(one.length * requests);
      for (int r = 0; r < requests; r++) {
        all.put(one);
      }
      c.register(selector, SelectionKey.OP_WRITE, all.flip());
      flood.add(c);
    }
    List<Socket> dribblers = new ArrayList<>();
    for (int i = 0; i < slowloris; i++) {
      try {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        dribblers.add(s);
      } catch (Exception refused) {
        break;
      }
    }
    long start = System.nanoTime();
    long written = 0;
    int tick = 0;
    long nextReport = start + 5_000_000_000L;
    while (System.nanoTime() - start < seconds * 1_000_000_000L) {
      selector.select(100);
      for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
        SelectionKey k = it.next();
        it.remove();
        try {
          written += ((SocketChannel) k.channel()).write((ByteBuffer) k.attachment());
          if (!((ByteBuffer) k.attachment()).hasRemaining()) {
            k.cancel();
          }
        } catch (Exception closedByServer) {
          k.cancel();
        }
      }
      if (System.nanoTime() - start > tick * 1_000_000_000L) { // one byte a second each
        byte b = one[tick % (one.length - 4)];
        for (Socket s : dribblers) {
          try {
            s.getOutputStream().write(b);
          } catch (Exception closedByServer) {
            // the daemon closed it
          }
        }
        tick++;
      }
      if (System.nanoTime() > nextReport) {
        long open = dribblers.stream().filter(s -> !closedByPeer(s)).count();
        System.out.printf("  flood bytes sent %d, slowloris still open %d%n", written, open);
        report("during", pid, port);
        nextReport += 5_000_000_000L;
      }
    }
    for (SocketChannel c : flood) {
      c.close();
    }
    for (Socket s : dribblers) {
      s.close();
    }
    selector.close();
    report("after (clients gone)", pid, port);
    Thread.sleep(5_000);
    report("5 s after", pid, port);
  }

  static boolean closedByPeer(Socket s) {
    try {
      s.setSoTimeout(1);
      return s.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException open) {
      return false;
    } catch (Exception reset) {
      return true;
    }
  }

  static void report(String when, long pid, int port) throws Exception {
    String rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
    long fds;
    try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      fds = s.count();
    }
    System.out.printf("%-22s %s, fds %d, fresh GET /status %s%n", when, rss, fds, latency(port));
  }

  static String latency(int port) {
    long t = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] line = new byte[12];
      int n = in.readNBytes(line, 0, 12);
      String status = new String(line, 0, n, StandardCharsets.US_ASCII);
      return status.substring(Math.min(9, n)).trim() + " in " + (System.nanoTime() - t) / 1_000_000
          + " ms";
    } catch (Exception e) {
      return "FAILED after " + (System.nanoTime() - t) / 1_000_000 + " ms (" + e + ")";
    }
  }
}
