package io.ethfollow.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.rlpx.RlpxConfig;
import io.ethfollow.rlpx.RlpxSession;
import io.ethfollow.wire.NodeKey;
import io.ethfollow.wire.eth.EthCodec;
import io.ethfollow.wire.eth.EthMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@code /status} and {@code /metrics} publish as {@code p2p.badMessages} and {@code
 * p2p.connectionsRefused} ({@link NetworkCounters}, read by the status publisher), driven by real
 * hostile clients against a whole {@link NetworkService} on 127.0.0.1: junk at the RLPx layer and
 * malformed or misplaced eth messages each count once, and a flood of connections that never
 * finish their handshake counts the ones beyond the cap.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputCountersLoopbackTest {
  private static final ChainSpec MAINNET = ChainSpec.named("mainnet");

  private final List<AutoCloseable> open = new ArrayList<>();
  private LoopbackNode node;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), node.enode().tcpPort());
    open.add(s);
    return s;
  }

  private RlpxSession session() throws Exception {
    RawPeer peer = new RawPeer(NodeKey.random());
    open.add(0, peer);
    RlpxSession s = peer.dial(node.enode());
    assertThat(peer.nextMessage()).isInstanceOf(EthMessage.Status.class);
    return s;
  }

  private boolean badMessagesReach(long n) throws InterruptedException {
    return LoopbackNode.within(5, () -> node.service.counters().badMessages() == n);
  }

  @Test
  void junkAndMalformedOrMisplacedEthMessagesEachCountOnceAsBadMessages() throws Exception {
    node = LoopbackNode.atGenesis(MAINNET, List.of());
    NetworkCounters c = node.service.counters();

    // junk where the ECIES auth should be (RLPx layer)
    OutputStream junk = connect().getOutputStream();
    byte[] bytes = new byte[400];
    new java.util.Random(5).nextBytes(bytes);
    bytes[0] = 0x01;
    bytes[1] = 0x00;
    junk.write(bytes);
    assertThat(badMessagesReach(1)).as("junk handshake").isTrue();

    // an eth Status that does not decode
    session().send(0x00, new byte[] {0x01});
    assertThat(badMessagesReach(2)).as("undecodable Status").isTrue();

    // a well-formed eth message where the Status must come
    EthMessage early = new EthMessage.BlockRangeUpdate(0, 0, MAINNET.genesisHash());
    session().send(early.id().code(), EthCodec.encode(early));
    assertThat(badMessagesReach(3)).as("first eth message not Status").isTrue();

    assertThat(c.handshakesFailed()).isEqualTo(1);
    assertThat(c.connectionsRefused()).isZero();
  }

  @Test
  void connectionsBeyondTheHandshakeCapAreCountedAsRefused() throws Exception {
    node = LoopbackNode.atGenesis(MAINNET, List.of());
    int cap = RlpxConfig.DEFAULT_MAX_PENDING_CONNECTIONS;
    for (int i = 0; i < cap + 20; i++) {
      connect(); // and say nothing: in its handshake until the timeout
    }
    assertThat(LoopbackNode.within(5, () -> node.service.counters().connectionsRefused() == 20))
        .as("refused: " + node.service.counters().connectionsRefused())
        .isTrue();
    assertThat(node.service.counters().badMessages()).isZero();
  }
}
