package io.ethfollow.rlpx;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.ReferenceCountUtil;

/**
 * The first handler of a connection while it is in its handshake: counts what the peer sends
 * against {@link PendingConnections#MAX_BYTES_PER_CONNECTION} and, past it, drops the bytes and
 * reports a {@link HandshakeException} down the pipeline (the session handler ends the connection).
 * While it is installed, socket reads are at most that bound, so no single read buffer is larger.
 * The session handler removes it once the peer's Hello is accepted; removal restores the channel's
 * read allocator and releases the connection's pending slot. One instance per connection, on the
 * channel's event loop.
 */
final class PendingByteLimit extends ChannelInboundHandlerAdapter {
  /**
   * Read buffers while pending: start at 1 KiB (an auth fits), never above the byte bound, so a
   * peer cannot make one read allocate 64 KiB before it is counted.
   */
  private static final int MIN_READ = 64;

  private static final int INITIAL_READ = 1024;

  private final PendingConnections pending;
  private RecvByteBufAllocator original;
  private boolean exceeded;

  PendingByteLimit(PendingConnections pending) {
    this.pending = pending;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    original = ctx.channel().config().getRecvByteBufAllocator();
    ctx.channel()
        .config()
        .setRecvByteBufAllocator(
            new AdaptiveRecvByteBufAllocator(
                MIN_READ, INITIAL_READ, PendingConnections.MAX_BYTES_PER_CONNECTION));
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    ctx.channel().config().setRecvByteBufAllocator(original);
    pending.release(ctx.channel());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf b)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (exceeded || !pending.received(ctx.channel(), b.readableBytes())) {
      ReferenceCountUtil.release(b);
      if (!exceeded) {
        exceeded = true;
        ctx.fireExceptionCaught(
            new HandshakeException(
                "more than " + PendingConnections.MAX_BYTES_PER_CONNECTION
                    + " bytes before an accepted Hello"));
      }
      return;
    }
    ctx.fireChannelRead(b);
  }
}
