package io.ethfollow.discovery;

import io.ethfollow.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty inbound handler on the discovery UDP channel: size-checks, verifies and decodes each
 * datagram on the event loop, then hands the result to the protocol on the scheduler thread. Holds
 * no protocol state; exceptions never leave it (a bad datagram is a counted drop, not a channel
 * error). Runs on the Netty event-loop thread.
 */
@ChannelHandler.Sharable
final class UdpPacketHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger LOG = LoggerFactory.getLogger(UdpPacketHandler.class);

  private final Scheduler scheduler;
  private final DiscoveryProtocol protocol;

  UdpPacketHandler(Scheduler scheduler, DiscoveryProtocol protocol) {
    this.scheduler = scheduler;
    this.protocol = protocol;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
    ByteBuf buf = msg.content();
    DecodeResult result;
    if (buf.readableBytes() > PacketCodec.MAX_PACKET_SIZE) {
      result = new DecodeResult.Rejected(Rejection.TOO_LARGE, buf.readableBytes() + " bytes");
    } else {
      byte[] data = new byte[buf.readableBytes()];
      buf.readBytes(data);
      result = PacketCodec.decode(data, scheduler.nowMillis() / 1000);
    }
    var sender = msg.sender();
    if (result instanceof DecodeResult.Accepted a) {
      scheduler.execute(() -> protocol.onPacket(a, sender));
    } else {
      DecodeResult.Rejected r = (DecodeResult.Rejected) result;
      LOG.atTrace().addKeyValue("event", "datagram_dropped").addKeyValue("reason", r.reason())
          .log("dropped datagram from {}: {}", sender, r.detail());
      scheduler.execute(() -> protocol.onRejected(r.reason()));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // ICMP errors and the like: UDP has no connection to lose, so keep reading
    LOG.atDebug().addKeyValue("event", "udp_error").log("discovery socket error: {}", cause.toString());
  }
}
