package io.ethfollow.rlpx;

import static io.ethfollow.rlpx.RecordingListener.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.wire.DisconnectReason;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import io.ethfollow.wire.p2p.Capability;
import io.ethfollow.wire.p2p.P2pMessage;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two ethfollow transports, and scripted faulty peers, over 127.0.0.1. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RlpxTransportTest {
  final ExecutorService listenerThread = Executors.newSingleThreadExecutor();
  final NodeKey serverKey = NodeKey.random();
  final NodeKey clientKey = NodeKey.random();
  final RecordingListener atServer = new RecordingListener();
  final RecordingListener atClient = new RecordingListener();
  RlpxTransport server;
  RlpxTransport client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    listenerThread.shutdownNow();
  }

  void start(RlpxConfig serverConfig, RlpxConfig clientConfig) {
    server = RlpxTransport.start(serverConfig, serverKey, atServer, listenerThread);
    client = RlpxTransport.start(clientConfig, clientKey, atClient, listenerThread);
  }

  Enode serverEnode() {
    return new Enode(serverKey.nodeId(), InetAddress.getLoopbackAddress(), server.localAddress().getPort(), 0);
  }

  @Test
  void dialCompletesHandshakeAndHelloAndNegotiatesEth69() throws Exception {
    start(RlpxConfig.forTests(), RlpxConfig.forTests());
    RlpxSession dialled = client.dial(serverEnode()).get(5, TimeUnit.SECONDS);
    RlpxSession accepted = next(atServer.connected);
    assertThat(dialled.ethVersion()).isEqualTo(69);
    assertThat(accepted.ethVersion()).isEqualTo(69);
    assertThat(dialled.remoteNodeId()).isEqualTo(serverKey.nodeId());
    assertThat(accepted.remoteNodeId()).isEqualTo(clientKey.nodeId());
    assertThat(accepted.clientId()).isEqualTo("ethfollow-test");
    assertThat(accepted.inbound()).isTrue();
    assertThat(dialled.snappy()).isTrue();
    assertThat(dialled.remoteAddress().getPort()).isEqualTo(server.localAddress().getPort());
  }

  @Test
  void eth68IsNegotiatedWhenOneSideOffersOnly68() throws Exception {
    start(RlpxConfig.forTests().withCapabilities(List.of(Capability.ETH68)), RlpxConfig.forTests());
    RlpxSession dialled = client.dial(serverEnode()).get(5, TimeUnit.SECONDS);
    assertThat(dialled.ethVersion()).isEqualTo(68);
    assertThat(next(atServer.connected).ethVersion()).isEqualTo(68);
  }

  @Test
  void twoMebibyteMessageArrivesIntactThroughSnappyBothWays() throws Exception {
    start(RlpxConfig.forTests(), RlpxConfig.forTests());
    RlpxSession dialled = client.dial(serverEnode()).get(5, TimeUnit.SECONDS);
    RlpxSession accepted = next(atServer.connected);
    byte[] big = new byte[2 * 1024 * 1024];
    Random r = new Random(3);
    for (int i = 0; i < big.length; i += 64) {
      big[i + r.nextInt(64)] = (byte) r.nextInt(); // half compressible, like real RLP
      r.nextBytes(new byte[0]);
    }
    r.nextBytes(java.util.Arrays.copyOfRange(big, 0, 1000));
    dialled.send(0x06, big);
    RecordingListener.Message m = next(atServer.messages);
    assertThat(m.code()).isEqualTo(0x06);
    assertThat(m.payload()).isEqualTo(big);
    accepted.send(0x11, new byte[] {(byte) 0xc0});
    assertThat(next(atClient.messages).code()).isEqualTo(0x11);
  }

  /** The IO thread decodes; the listener's executor gets the decoded result (Netty threads decode, then hand off). */
  @Test
  void messagesAreDecodedOnTheIoThreadAndHandedOffDecoded() throws Exception {
    start(RlpxConfig.forTests(), RlpxConfig.forTests());
    RlpxSession dialled = client.dial(serverEnode()).get(5, TimeUnit.SECONDS);
    next(atServer.connected);
    String listenerThreadName = listenerThread.submit(() -> Thread.currentThread().getName()).get();
    dialled.send(0x03, new byte[] {(byte) 0xc0});
    assertThat(next(atServer.decodedOn)).isNotEqualTo(listenerThreadName);
    assertThat(next(atServer.decodedResults)).isEqualTo("decoded 3 (1 bytes)");
    assertThat(next(atServer.messages).code()).isEqualTo(0x03);
  }

  @Test
  void pingIsAnsweredWithPong() throws Exception {
    server = RlpxTransport.start(RlpxConfig.forTests(), serverKey, atServer, listenerThread);
    try (FakePeer peer = FakePeer.handshaken(server.localAddress(), clientKey, serverKey.nodeId())) {
      peer.sendHello(clientKey.nodeId(), List.of(Capability.ETH69));
      next(atServer.connected);
      peer.sendP2p(new P2pMessage.Ping());
      assertThat(peer.readP2p()).isInstanceOf(P2pMessage.Pong.class);
    }
  }

  @Test
  void idlePeerIsPingedThenDroppedWithPingTimeout() throws Exception {
    RlpxConfig quick = RlpxConfig.forTests().withPingInterval(Duration.ofMillis(200));
    server = RlpxTransport.start(quick, serverKey, atServer, listenerThread);
    try (FakePeer peer = FakePeer.handshaken(server.localAddress(), clientKey, serverKey.nodeId())) {
      peer.sendHello(clientKey.nodeId(), List.of(Capability.ETH69));
      next(atServer.connected);
      assertThat(peer.readP2p()).isInstanceOf(P2pMessage.Ping.class);
      RecordingListener.Ended end = next(atServer.ended);
      assertThat(end.cause().wire()).isEqualTo(DisconnectReason.PING_TIMEOUT);
      assertThat(end.byPeer()).isFalse();
      assertThat(peer.readP2p()).isEqualTo(new P2pMessage.Disconnect(DisconnectReason.PING_TIMEOUT));
    }
  }

  @Test
  void localDisconnectReachesThePeerWithItsReason() throws Exception {
    start(RlpxConfig.forTests(), RlpxConfig.forTests());
    RlpxSession dialled = client.dial(serverEnode()).get(5, TimeUnit.SECONDS);
    next(atServer.connected);
    dialled.disconnect(DisconnectReason.USELESS_PEER);
    RecordingListener.Ended atPeer = next(atServer.ended);
    assertThat(atPeer.cause().wire()).isEqualTo(DisconnectReason.USELESS_PEER);
    assertThat(atPeer.byPeer()).isTrue();
    RecordingListener.Ended atUs = next(atClient.ended);
    assertThat(atUs.cause().wire()).isEqualTo(DisconnectReason.USELESS_PEER);
    assertThat(atUs.byPeer()).isFalse();
  }

  @Test
  void tamperedFrameMacEndsTheSessionAsBreachOfProtocol() throws Exception {
    server = RlpxTransport.start(RlpxConfig.forTests(), serverKey, atServer, listenerThread);
    try (FakePeer peer = FakePeer.handshaken(server.localAddress(), clientKey, serverKey.nodeId())) {
      peer.sendHello(clientKey.nodeId(), List.of(Capability.ETH69));
      next(atServer.connected);
      byte[] frame = peer.frame(0x10, SnappyCodec.compress(new byte[] {(byte) 0xc0}));
      frame[frame.length - 1] ^= 1;
      peer.writeRaw(frame);
      RecordingListener.Ended end = next(atServer.ended);
      assertThat(end.cause().wire()).isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL);
      assertThat(end.cause().detail()).contains("mac_mismatch");
    }
  }

  @Test
  void frameOverTheLimitEndsTheSessionAsBreachOfProtocol() throws Exception {
    server = RlpxTransport.start(RlpxConfig.forTests().withMaxFrameSize(1 << 20), serverKey, atServer, listenerThread);
    try (FakePeer peer = FakePeer.handshaken(server.localAddress(), clientKey, serverKey.nodeId())) {
      peer.sendHello(clientKey.nodeId(), List.of(Capability.ETH69));
      next(atServer.connected);
      peer.send(0x10, new byte[2 << 20]);
      RecordingListener.Ended end = next(atServer.ended);
      assertThat(end.cause().wire()).isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL);
      assertThat(end.cause().detail()).contains("frame_too_large");
    }
  }

  @Test
  void snappyBombEndsTheSessionBeforeDecompressing() throws Exception {
    server = RlpxTransport.start(RlpxConfig.forTests(), serverKey, atServer, listenerThread);
    try (FakePeer peer = FakePeer.handshaken(server.localAddress(), clientKey, serverKey.nodeId())) {
      peer.sendHello(clientKey.nodeId(), List.of(Capability.ETH69));
      next(atServer.connected);
      // varint length prefix 0xfffffff0 (~4 GiB), then a few junk bytes
      peer.send(0x10, new byte[] {(byte) 0xf0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0, 1, 2});
      RecordingListener.Ended end = next(atServer.ended);
      assertThat(end.cause().wire()).isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL);
      assertThat(end.cause().detail()).contains("snappy_too_large");
      assertThat(atServer.messages).isEmpty();
    }
  }

  @Test
  void garbageHandshakeFailsWithoutASession() throws Exception {
    server = RlpxTransport.start(RlpxConfig.forTests(), serverKey, atServer, listenerThread);
    try (FakePeer peer = FakePeer.raw(server.localAddress())) {
      byte[] junk = new byte[600];
      new Random(9).nextBytes(junk);
      junk[0] = 0x01; // a plausible size prefix (0x01xx bytes follow), so decryption is attempted
      peer.writeRaw(junk);
      RecordingListener.Failed f = next(atServer.failed);
      assertThat(f.cause().wire()).isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL);
      assertThat(f.cause().detail()).startsWith("handshake:");
      assertThat(atServer.connected).isEmpty();
    }
  }

  @Test
  void silentPeerIsDroppedByTheHandshakeTimeout() throws Exception {
    server = RlpxTransport.start(RlpxConfig.forTests().withHandshakeTimeout(Duration.ofMillis(300)), serverKey, atServer, listenerThread);
    try (FakePeer peer = FakePeer.raw(server.localAddress())) {
      RecordingListener.Failed f = next(atServer.failed);
      assertThat(f.cause().detail()).contains("handshake timeout");
      assertThat(peer.socket.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void helloWithAnotherIdentityEndsAsUnexpectedIdentity() throws Exception {
    server = RlpxTransport.start(RlpxConfig.forTests(), serverKey, atServer, listenerThread);
    try (FakePeer peer = FakePeer.handshaken(server.localAddress(), clientKey, serverKey.nodeId())) {
      peer.sendHello(NodeKey.random().nodeId(), List.of(Capability.ETH69));
      RecordingListener.Failed f = next(atServer.failed);
      assertThat(f.cause().wire()).isEqualTo(DisconnectReason.UNEXPECTED_IDENTITY);
      assertThat(peer.readP2p(false)).isEqualTo(new P2pMessage.Disconnect(DisconnectReason.UNEXPECTED_IDENTITY));
    }
  }

  @Test
  void dialToAWrongNodeIdFailsTheHandshake() throws Exception {
    start(RlpxConfig.forTests(), RlpxConfig.forTests());
    Enode wrong = new Enode(NodeKey.random().nodeId(), InetAddress.getLoopbackAddress(), server.localAddress().getPort(), 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.dial(wrong).get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(SessionFailedException.class);
  }
}
