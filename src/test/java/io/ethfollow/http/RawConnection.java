package io.ethfollow.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain TCP client on 127.0.0.1 for HTTP tests that need what a well-behaved client never does
 * (raw bytes, pipelining, never reading). Every read is bounded by a socket timeout.
 */
public final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects to the server, with reads bounded by 5 s. */
  public static RawConnection open(InetSocketAddress server) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5_000);
    s.setSoTimeout(5_000);
    return new RawConnection(s);
  }

  /** Writes the text (ASCII) and flushes. */
  public void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Writes the bytes and flushes. */
  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads one response head (status line and headers, up to the blank line), lower-cased. */
  public String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head.size() + " bytes of a response head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > 64 * 1024) {
        throw new IOException("response head over 64 KiB");
      }
    }
    return head.toString(StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
  }

  /** Reads one whole response (head and a Content-Length body); returns the head. */
  public String readResponse() throws IOException {
    String head = readHead();
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    in.readNBytes(length);
    return head;
  }

  /** Reads one whole response; returns the head (lower case) followed by the body as sent. */
  public String readResponseWithBody() throws IOException {
    String head = readHead();
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  /**
   * True when the server closes the connection (end of stream or reset) within {@code limit},
   * discarding whatever it still sends; false when the connection is still open then.
   */
  public boolean closedByServerWithin(Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    byte[] sink = new byte[8192];
    try {
      while (true) {
        if (in.read(sink) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) { // connection reset: closed by the server too
      return true;
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(5_000);
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
