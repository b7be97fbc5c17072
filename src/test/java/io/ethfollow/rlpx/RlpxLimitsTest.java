package io.ethfollow.rlpx;

import static io.ethfollow.rlpx.RecordingListener.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.wire.DisconnectReason;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import io.ethfollow.wire.p2p.Capability;
import io.ethfollow.wire.p2p.P2pCodec;
import io.ethfollow.wire.p2p.P2pMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The RLPx limits by phase over real sockets on 127.0.0.1: before Hello only Hello-sized frames and
 * a bounded auth packet, a cap on connections in their handshake (with their buffered bytes
 * bounded), and every kind of malformed input reported to the listener once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RlpxLimitsTest {
  final ExecutorService listenerThread = Executors.newSingleThreadExecutor();
  final NodeKey serverKey = NodeKey.random();
  final NodeKey clientKey = NodeKey.random();
  final RecordingListener atServer = new RecordingListener();
  final List<AutoCloseable> closeLast = new ArrayList<>();
  RlpxTransport server;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeLast) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
    listenerThread.shutdownNow();
  }

  private FakePeer handshaken() throws IOException {
    return handshaken(clientKey);
  }

  private FakePeer handshaken(NodeKey as) throws IOException {
    return FakePeer.handshaken(server.localAddress(), as, serverKey.nodeId());
  }

  private void startServer(RlpxConfig config) {
    server = RlpxTransport.start(config, serverKey, atServer, listenerThread);
  }

  private static Enode enode(NodeKey key, RlpxTransport transport) {
    return new Enode(
        key.nodeId(), InetAddress.getLoopbackAddress(), transport.localAddress().getPort(), 0);
  }

  private static P2pMessage.Disconnect disconnect(DisconnectReason reason) {
    return new P2pMessage.Disconnect(reason);
  }

  private static boolean within(Duration bound, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }

  @Test
  void preHelloFrameHeaderAnnouncing16MiBIsRejectedAfterReadingOnlyTheHeader() throws Exception {
    startServer(RlpxConfig.forTests());
    try (FakePeer peer = handshaken()) {
      peer.writeRaw(peer.frameHeaderOnly(FrameDecoder.MAX_FRAME_SIZE)); // the body never follows
      // the old decoder waited for 16 MiB here; now the Disconnect comes back at once
      assertThat(peer.readP2p(false)).isEqualTo(disconnect(DisconnectReason.BREACH_OF_PROTOCOL));
      RecordingListener.Failed f = next(atServer.failed);
      assertThat(f.cause().detail())
          .contains("frame_too_large")
          .contains("exceeds the limit " + FrameDecoder.PRE_HELLO_FRAME_SIZE + " before Hello");
      assertThat(next(atServer.malformed).cause().detail()).contains("frame_too_large");
      assertThat(atServer.connected).isEmpty();
    }
  }

  @Test
  void aLargeFrameRightBehindTheHelloInTheSameWriteIsAccepted() throws Exception {
    startServer(RlpxConfig.forTests());
    try (FakePeer peer = handshaken()) {
      byte[] big = new byte[100_000];
      java.util.Arrays.fill(big, (byte) 7);
      byte[] hello = peer.helloFrame(clientKey.nodeId(), List.of(Capability.ETH69));
      byte[] status = peer.frame(0x10, SnappyCodec.compress(big));
      byte[] both = java.util.Arrays.copyOf(hello, hello.length + status.length);
      System.arraycopy(status, 0, both, hello.length, status.length);
      assertThat(status.length).isGreaterThan(FrameDecoder.PRE_HELLO_FRAME_SIZE);
      peer.writeRaw(both);
      next(atServer.connected);
      assertThat(next(atServer.messages).payload()).isEqualTo(big);
      assertThat(atServer.malformed).isEmpty();
    }
  }

  @Test
  void authPacketAnnouncingMoreThan2KiBIsRefusedFromItsSizePrefix() throws Exception {
    startServer(RlpxConfig.forTests());
    try (FakePeer peer = FakePeer.raw(server.localAddress())) {
      byte[] start = new byte[102];
      start[0] = (byte) 0xff; // 65535 bytes announced; the old handler buffered them all
      start[1] = (byte) 0xff;
      peer.writeRaw(start);
      RecordingListener.Failed f = next(atServer.failed);
      assertThat(f.cause().detail())
          .isEqualTo("handshake: handshake packet of 65535 bytes exceeds 2048");
      assertThat(next(atServer.malformed).cause().wire())
          .isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL);
      assertThat(peer.socket.getInputStream().read()).isEqualTo(-1);
    }
  }

  /**
   * The probe's flood: 140 connections that start an auth packet and stall. The 50 the cap admits
   * hold 1,502 bytes each (nothing else is buffered for them); the other 90 are closed at once and
   * reported; our own dial still gets through (evicting the oldest inbound one) and completes
   * Hello; once the flood ends, a peer dialling in connects too.
   */
  @Test
  void connectionsBeyondTheHandshakeCapAreClosedAtOnceAndAPeerStillCompletesHello()
      throws Exception {
    int cap = RlpxConfig.DEFAULT_MAX_PENDING_CONNECTIONS;
    int flood = 140;
    int sent = 2 + 1500;
    startServer(RlpxConfig.forTests().withHandshakeTimeout(Duration.ofSeconds(30)));
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < flood; i++) {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort());
      closeLast.add(s);
      sockets.add(s);
      byte[] partialAuth = new byte[sent];
      partialAuth[0] = 0x07; // 2047 bytes announced (within the 2 KiB cap), 1500 sent
      partialAuth[1] = (byte) 0xff;
      try {
        s.getOutputStream().write(partialAuth);
      } catch (IOException e) {
        // already closed by the server: one of those beyond the cap
      }
    }
    assertThat(within(Duration.ofSeconds(10), () -> atServer.refused.size() == flood - cap))
        .as("refused: " + atServer.refused.size())
        .isTrue();
    assertThat(within(Duration.ofSeconds(10), () -> server.pendingBytes() == (long) cap * sent))
        .as("pending bytes: " + server.pendingBytes())
        .isTrue();
    assertThat(server.pendingConnections()).isEqualTo(cap);
    assertThat(server.pendingBytes())
        .isLessThanOrEqualTo((long) cap * PendingConnections.MAX_BYTES_PER_CONNECTION);
    assertThat(atServer.refused.peek().cause().wire()).isEqualTo(DisconnectReason.TOO_MANY_PEERS);
    int closed = 0;
    for (Socket s : sockets) {
      s.setSoTimeout(50);
      try {
        if (s.getInputStream().read() < 0) {
          closed++;
        }
      } catch (SocketTimeoutException e) {
        // still open: admitted, waiting for the rest of its auth
      } catch (IOException e) {
        closed++; // reset: closed with our bytes unread
      }
    }
    assertThat(closed).isEqualTo(flood - cap);

    // our dial at the cap evicts the oldest inbound connection and completes Hello
    atServer.refused.clear();
    NodeKey legitKey = NodeKey.random();
    RecordingListener atLegit = new RecordingListener();
    RlpxTransport legit =
        RlpxTransport.start(RlpxConfig.forTests(), legitKey, atLegit, listenerThread);
    closeLast.add(0, legit::close);
    RlpxSession dialled = server.dial(enode(legitKey, legit)).get(10, TimeUnit.SECONDS);
    assertThat(dialled.remoteNodeId()).isEqualTo(legitKey.nodeId());
    assertThat(next(atServer.refused).cause().detail()).startsWith("evicted:");
    assertThat(server.pendingConnections()).isEqualTo(cap - 1);

    // the flood ends: its slots and bytes are released, and a peer dialling in connects
    for (Socket s : sockets) {
      s.close();
    }
    assertThat(within(Duration.ofSeconds(10), () -> server.pendingConnections() == 0)).isTrue();
    assertThat(server.pendingBytes()).isZero();
    RlpxTransport other =
        RlpxTransport.start(
            RlpxConfig.forTests(), NodeKey.random(), new RecordingListener(), listenerThread);
    closeLast.add(0, other::close);
    RlpxSession in = other.dial(enode(serverKey, server)).get(10, TimeUnit.SECONDS);
    assertThat(in.remoteNodeId()).isEqualTo(serverKey.nodeId());
  }

  @Test
  void aDialIsRefusedAtOnceWhenEverySlotHoldsOneOfOurDials() throws Exception {
    startServer(RlpxConfig.forTests().withMaxPendingConnections(1));
    // a listener that accepts and never answers: our first dial sits in its handshake
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 4, loopback)) {
      Enode mute = new Enode(NodeKey.random().nodeId(), loopback, silent.getLocalPort(), 0);
      var first = server.dial(mute);
      Socket accepted = silent.accept();
      closeLast.add(accepted);
      var second = server.dial(mute);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SessionFailedException.class)
          .hasMessageContaining("all of them our dials");
      assertThat(first).isNotDone();
      assertThat(next(atServer.refused).cause().wire()).isEqualTo(DisconnectReason.TOO_MANY_PEERS);
    }
  }

  @Test
  void anInboundSessionBeyondTheSessionCapIsRefusedRightAfterItsHello() throws Exception {
    startServer(RlpxConfig.forTests().withMaxInboundSessions(2));
    List<Capability> eth69 = List.of(Capability.ETH69);
    FakePeer first = handshaken();
    closeLast.add(first);
    first.sendHello(clientKey.nodeId(), eth69);
    next(atServer.connected);
    NodeKey secondKey = NodeKey.random();
    FakePeer second = handshaken(secondKey);
    closeLast.add(second);
    second.sendHello(secondKey.nodeId(), eth69);
    next(atServer.connected);
    assertThat(server.inboundSessions()).isEqualTo(2);
    NodeKey thirdKey = NodeKey.random();
    try (FakePeer third = handshaken(thirdKey)) {
      third.sendHello(thirdKey.nodeId(), eth69);
      assertThat(third.readP2p(false)).isEqualTo(disconnect(DisconnectReason.TOO_MANY_PEERS));
      assertThat(next(atServer.refused).cause().detail()).isEqualTo("2 inbound sessions");
      assertThat(next(atServer.failed).cause().wire()).isEqualTo(DisconnectReason.TOO_MANY_PEERS);
    }
    first.close();
    next(atServer.ended);
    assertThat(within(Duration.ofSeconds(5), () -> server.inboundSessions() == 1)).isTrue();
    NodeKey fourthKey = NodeKey.random();
    try (FakePeer fourth = handshaken(fourthKey)) {
      fourth.sendHello(fourthKey.nodeId(), eth69);
      assertThat(next(atServer.connected).remoteNodeId()).isEqualTo(fourthKey.nodeId());
    }
  }

  /**
   * After Hello a peer we asked nothing may send frames up to 2 MiB; a 3 MiB frame is accepted only
   * as the answer to our request, and the next unsolicited one ends the session from its header.
   */
  @Test
  void framesOver2MiBAreAcceptedOnlyAsAnswersToOurRequests() throws Exception {
    startServer(RlpxConfig.forTests());
    try (FakePeer peer = handshaken()) {
      peer.sendHello(clientKey.nodeId(), List.of(Capability.ETH69));
      RlpxSession accepted = next(atServer.connected);
      byte[] big = new byte[3 << 20];
      new java.util.Random(4).nextBytes(big); // incompressible: the frame stays over 3 MiB
      byte[] answer = peer.frame(0x10 + 0x04, SnappyCodec.compress(big));
      assertThat(answer.length).isGreaterThan(SessionHandler.MAX_UNSOLICITED_FRAME);
      accepted.send(0x03, new byte[] {(byte) 0xc0}); // a request: its answer may be large
      RlpxMessage request = peer.read();
      while (request.code() == 0) { // the server's Hello comes first
        request = peer.read();
      }
      assertThat(request.code()).isEqualTo(0x10 + 0x03);
      peer.writeRaw(answer);
      RecordingListener.Message m = next(atServer.messages);
      assertThat(m.code()).isEqualTo(0x04);
      assertThat(m.payload()).isEqualTo(big);
      // answered: the next large frame is unsolicited and refused from its header alone
      peer.writeRaw(peer.frameHeaderOnly(3 << 20));
      assertThat(next(atServer.malformed).cause().detail())
          .contains("frame_too_large")
          .contains("exceeds the limit " + SessionHandler.MAX_UNSOLICITED_FRAME);
      assertThat(next(atServer.ended).cause().wire()).isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL);
    }
  }

  /**
   * A tiny unsolicited frame whose snappy prefix claims 16 MiB (the protocol's cap) is refused from
   * the prefix against the 2 MiB unsolicited limit, before anything is allocated: otherwise every
   * such 8-byte frame would cost a 16 MiB array.
   */
  @Test
  void anUnsolicitedMessageClaiming16MiBDecompressedIsRefusedBeforeAllocating() throws Exception {
    startServer(RlpxConfig.forTests());
    try (FakePeer peer = handshaken()) {
      peer.sendHello(clientKey.nodeId(), List.of(Capability.ETH69));
      next(atServer.connected);
      // varint 0x1000000 = 16 MiB, then a little garbage: valid prefix, invalid data
      peer.send(0x10, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 0, 1, 2});
      assertThat(next(atServer.malformed).cause().detail())
          .contains("snappy_too_large")
          .contains("limit " + SessionHandler.MAX_UNSOLICITED_FRAME);
    }
  }

  /** One scripted misbehaviour: what the peer does, and what the reported cause must contain. */
  private interface Script {
    void run(FakePeer peer) throws IOException;
  }

  /**
   * Each kind of bad input is reported once ({@link SessionListener#onMalformed}, which the network
   * layer counts as {@code p2p.badMessages}), with the reason that ended the connection.
   */
  @Test
  void everyKindOfMalformedInputIsReportedOnce() throws Exception {
    startServer(RlpxConfig.forTests());
    byte[] id = clientKey.nodeId();
    List<Capability> eth69 = List.of(Capability.ETH69);
    Map<String, Script> cases = new LinkedHashMap<>();
    cases.put("handshake: ", p -> {
      byte[] junk = new byte[600];
      new java.util.Random(9).nextBytes(junk);
      junk[0] = 0x01;
      junk[1] = 0x00;
      p.writeRaw(junk);
    });
    cases.put("exceeds 2048", p -> p.writeRaw(new byte[] {0x10, 0x00, 0}));
    cases.put("before Hello", p -> p.writeRaw(p.frameHeaderOnly(4096)));
    cases.put("expected Hello, got message 0x2", p -> p.send(0x02, new byte[] {(byte) 0xc0}));
    cases.put("p2p message 0x0", p -> p.send(0x00, new byte[] {(byte) 0xc3, 1, 2, 3}));
    cases.put("mac_mismatch", p -> {
      p.sendHello(id, eth69);
      byte[] frame = p.frame(0x10, SnappyCodec.compress(new byte[] {(byte) 0xc0}));
      frame[frame.length - 1] ^= 1;
      p.writeRaw(frame);
    });
    cases.put("snappy_too_large", p -> {
      p.sendHello(id, eth69);
      p.send(0x10, new byte[] {(byte) 0xf0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0, 1, 2});
    });
    cases.put("malformed_snappy", p -> {
      p.sendHello(id, eth69);
      p.send(0x10, new byte[] {0x20, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    });
    cases.put("p2p message 0x2", p -> {
      p.sendHello(id, eth69);
      p.send(0x02, SnappyCodec.compress(new byte[] {(byte) 0xc5, 1}));
    });
    cases.put("second Hello", p -> {
      p.sendHello(id, eth69);
      P2pMessage.Hello again = new P2pMessage.Hello(5, "fake", eth69, 0, id);
      p.send(0x00, SnappyCodec.compress(P2pCodec.encode(again)));
    });
    cases.put("not negotiated", p -> {
      p.sendHello(id, eth69);
      p.send(0x7f, SnappyCodec.compress(new byte[] {(byte) 0xc0}));
    });
    for (Map.Entry<String, Script> c : cases.entrySet()) {
      boolean framed = !c.getKey().startsWith("handshake") && !c.getKey().startsWith("exceeds");
      try (FakePeer peer = framed ? handshaken() : FakePeer.raw(server.localAddress())) {
        c.getValue().run(peer);
        RecordingListener.Failed m = next(atServer.malformed);
        assertThat(m.cause().detail()).as(c.getKey()).contains(c.getKey());
        assertThat(m.cause().wire()).isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL);
        // the connection ends: a Disconnect (framed) or a bare close
        BooleanSupplier ended = () -> !atServer.failed.isEmpty() || !atServer.ended.isEmpty();
        assertThat(within(Duration.ofSeconds(5), ended))
            .as(c.getKey() + " ends its connection")
            .isTrue();
        atServer.failed.clear();
        atServer.ended.clear();
        atServer.connected.clear();
      }
    }
    Thread.sleep(100); // nothing more may arrive: each connection was reported once
    assertThat(atServer.malformed).isEmpty();
  }
}
