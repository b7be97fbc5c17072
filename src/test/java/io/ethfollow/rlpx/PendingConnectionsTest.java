package io.ethfollow.rlpx;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handshake-phase cap and byte bound on their own, with Netty's in-memory channel. */
class PendingConnectionsTest {
  @Test
  void inboundBeyondTheCapIsRefusedAndADialEvictsTheOldestInbound() {
    PendingConnections p = new PendingConnections(2);
    EmbeddedChannel in1 = new EmbeddedChannel();
    EmbeddedChannel in2 = new EmbeddedChannel();
    assertThat(p.admit(in1, true).admitted()).isTrue();
    assertThat(p.admit(in2, true).admitted()).isTrue();
    assertThat(p.admit(new EmbeddedChannel(), true).admitted()).isFalse();
    PendingConnections.Admission dial = p.admit(new EmbeddedChannel(), false);
    assertThat(dial.admitted()).isTrue();
    assertThat(dial.evicted()).contains(in1);
    assertThat(p.count()).isEqualTo(2);
    PendingConnections.Admission dial2 = p.admit(new EmbeddedChannel(), false);
    assertThat(dial2.evicted()).contains(in2);
    // now both slots hold dials: a third dial has nothing to evict
    assertThat(p.admit(new EmbeddedChannel(), false).admitted()).isFalse();
  }

  @Test
  void bytesArePerConnectionBoundedAndReleasedWithTheConnection() {
    PendingConnections p = new PendingConnections(4);
    EmbeddedChannel a = new EmbeddedChannel();
    p.admit(a, true);
    assertThat(p.received(a, PendingConnections.MAX_BYTES_PER_CONNECTION - 1)).isTrue();
    assertThat(p.received(a, 2)).isFalse();
    assertThat(p.bytes()).isEqualTo(PendingConnections.MAX_BYTES_PER_CONNECTION - 1);
    p.release(a);
    p.release(a);
    assertThat(p.bytes()).isZero();
    assertThat(p.count()).isZero();
    assertThat(p.received(a, 1_000_000)).as("no longer pending: not limited here").isTrue();
  }

  @Test
  void theByteLimitDropsInputPastTheBoundAndReportsItOnce() {
    PendingConnections p = new PendingConnections(4);
    List<Throwable> caught = new ArrayList<>();
    List<Object> passed = new ArrayList<>();
    EmbeddedChannel ch = new EmbeddedChannel();
    p.admit(ch, true);
    ch.pipeline()
        .addLast(new PendingByteLimit(p))
        .addLast(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passed.add(msg);
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                caught.add(cause);
              }
            });
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[6000]));
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[6000]));
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[10]));
    assertThat(passed).hasSize(1);
    assertThat(caught).hasSize(1);
    assertThat(caught.get(0))
        .isInstanceOf(HandshakeException.class)
        .hasMessageContaining("8192 bytes");
    ch.pipeline().remove(PendingByteLimit.class); // what the session does once Hello is accepted
    assertThat(p.count()).isZero();
    assertThat(p.bytes()).isZero();
  }
}
