package io.ethfollow.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients that pipeline many requests and never read an answer (the probe of issue 10): each
 * connection has its requests in one buffer and writes as much of it as the server lets it,
 * non-blocking, for a bounded time. Owned by the test thread.
 */
public final class PipelineFlood implements AutoCloseable {
  private final List<SocketChannel> channels = new ArrayList<>();
  private final Selector selector;

  /** Opens {@code clients} connections, each with {@code requests} copies of {@code request}. */
  public PipelineFlood(InetSocketAddress server, int clients, int requests, String request)
      throws IOException {
    selector = Selector.open();
    byte[] one = request.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < clients; i++) {
      SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.getPort()));
      c.configureBlocking(false);
      ByteBuffer all = ByteBuffer.allocate(one.length * requests);
      for (int r = 0; r < requests; r++) {
        all.put(one);
      }
      all.flip();
      channels.add(c);
      c.register(selector, SelectionKey.OP_WRITE, all);
    }
  }

  /**
   * Writes for at most {@code limit}: stops early when every request is sent or when for 500 ms no
   * connection could write a byte (the server stopped reading them all). Returns the bytes written.
   */
  public long pump(Duration limit) throws IOException {
    long written = 0;
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline && !selector.keys().isEmpty()) {
      if (selector.select(500) == 0) {
        break;
      }
      for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
        SelectionKey k = it.next();
        it.remove();
        ByteBuffer b = (ByteBuffer) k.attachment();
        try {
          written += ((SocketChannel) k.channel()).write(b);
        } catch (IOException closedByServer) {
          k.cancel();
          continue;
        }
        if (!b.hasRemaining()) {
          k.cancel();
        }
      }
    }
    return written;
  }

  @Override
  public void close() throws IOException {
    for (SocketChannel c : channels) {
      c.close();
    }
    selector.close();
  }
}
