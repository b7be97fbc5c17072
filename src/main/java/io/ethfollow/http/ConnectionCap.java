package io.ethfollow.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps the open connections of one server. Sits in the listening channel's pipeline, where each
 * accepted connection arrives as a message before it is registered or initialised: beyond the cap
 * the socket is closed there and then (no pipeline, no buffers, no answer), otherwise it is
 * remembered until it closes. Counts TCP connections, so a WebSocket upgrade keeps its slot. Runs
 * on the server's event loop; the counters are read from any thread.
 */
@ChannelHandler.Sharable
final class ConnectionCap extends ChannelInboundHandlerAdapter {
  private final int max;
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong rejected = new AtomicLong();

  ConnectionCap(int max) {
    this.max = max;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Channel child = (Channel) msg;
    if (open.size() >= max) {
      rejected.incrementAndGet();
      child.unsafe().closeForcibly();
      return;
    }
    open.add(child);
    child.closeFuture().addListener(f -> open.remove(child));
    ctx.fireChannelRead(child);
  }

  /** Connections open now. */
  int open() {
    return open.size();
  }

  /** Connections closed at once because the cap was reached, since the server started. */
  long rejected() {
    return rejected.get();
  }

  /** Bytes written by the application but not yet to the socket, over all open connections. */
  long pendingOutboundBytes() {
    long sum = 0;
    for (Channel c : open) {
      ChannelOutboundBuffer out = c.unsafe().outboundBuffer();
      if (out != null) {
        sum += out.totalPendingWriteBytes();
      }
    }
    return sum;
  }
}
