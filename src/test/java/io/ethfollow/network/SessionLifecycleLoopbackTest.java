package io.ethfollow.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.peer.OutcomeKind;
import io.ethfollow.peer.PeerId;
import io.ethfollow.rlpx.RlpxSession;
import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.DisconnectReason;
import io.ethfollow.wire.eth.EthCodec;
import io.ethfollow.wire.eth.EthMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression tests for two fixes in the network shell, over real RLPx on 127.0.0.1 with two whole
 * {@link NetworkService}s: a peer the pool drops is disconnected at the session level (the pool
 * forgets the peer before it asks for the disconnect, so the shell must find the session itself),
 * and a second session from the same node id ends without taking the live peer down.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionLifecycleLoopbackTest {
  private static final ChainSpec MAINNET = ChainSpec.named("mainnet");

  private LoopbackNode a;
  private LoopbackNode b;
  private RawPeer clone;

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {clone, a, b}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort: the next test starts fresh nodes on new ports
        }
      }
    }
  }

  /** B listens; A has B as a (non-static) candidate and dials it; both see one peer. */
  private void connectAToB() throws Exception {
    b = LoopbackNode.atGenesis(MAINNET, List.of());
    a = LoopbackNode.atGenesis(MAINNET, List.of(b.enode()));
    assertThat(LoopbackNode.within(10, () -> a.connectedQuietly() == 1 && b.connectedQuietly() == 1))
        .as("A and B connected")
        .isTrue();
  }

  @Test
  void aPeerThePoolDropsIsDisconnectedAtTheSessionLevel() throws Exception {
    connectAToB();
    PeerId idB = PeerId.of(b.key.nodeId());
    PeerId idA = PeerId.of(a.key.nodeId());
    Object sessionAtB = b.onThread(() -> b.service.pool().link(idA).orElseThrow());
    // Bad data from B: the pool drops it (forgets it, then emits Disconnect).
    a.onThread(
        () -> {
          assertThat(a.service.pool().beginRequest(idB)).isTrue();
          a.service.pool().onRequestOutcome(idB, OutcomeKind.INVALID);
          return null;
        });
    assertThat(a.connected()).isZero();
    // B only learns of it if A really closed the session: without that, B keeps A forever. B is
    // still one of A's dial candidates, so A may dial it again at once: B then shows 1 peer again,
    // but over a new session (a duplicate of a live one never replaces it), so the old one ended.
    assertThat(LoopbackNode.within(15, () -> b.connectedQuietly() == 0
            || otherSession(b, idA, sessionAtB)))
        .as("B sees the session end")
        .isTrue();
  }

  /** Whether B's pool holds peer {@code id} over another session than {@code before}. */
  private static boolean otherSession(LoopbackNode node, PeerId id, Object before) {
    try {
      return node.onThread(() -> node.service.pool().link(id).map(l -> l != before).orElse(false));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDuplicateSessionFromTheSameNodeEndsWithoutTakingTheLivePeerDown() throws Exception {
    connectAToB();
    // A second session to B under A's node id, past the eth handshake: B's pool refuses it
    // (already connected), and its end must not be taken for the end of the live session.
    clone = new RawPeer(a.key);
    RlpxSession dup = clone.dial(b.enode());
    assertThat(clone.nextMessage()).isInstanceOf(EthMessage.Status69.class);
    EthMessage status =
        new EthMessage.Status69(
            dup.ethVersion(), MAINNET.networkId(), MAINNET.genesisHash(), MAINNET.forkId(0, 0), 0, 0,
            MAINNET.genesisHash());
    dup.send(status.id().code(), EthCodec.encode(status));
    DisconnectCause cause = clone.ended.poll(5, TimeUnit.SECONDS);
    assertThat(cause).as("the duplicate is refused").isNotNull();
    assertThat(cause.wire()).isEqualTo(DisconnectReason.ALREADY_CONNECTED);
    // Give the refusal time to reach B's pool, then check the live peer on both sides.
    b.onThread(() -> null);
    Thread.sleep(300);
    assertThat(b.connected()).as("B still has A").isEqualTo(1);
    assertThat(a.connected()).as("A still has B").isEqualTo(1);
  }

  @Test
  void aDuplicateSessionThatNeverSendsStatusEndsWithoutTakingTheLivePeerDown() throws Exception {
    connectAToB();
    clone = new RawPeer(a.key);
    RlpxSession dup = clone.dial(b.enode());
    dup.disconnect(DisconnectReason.CLIENT_QUITTING);
    assertThat(clone.ended.poll(5, TimeUnit.SECONDS)).as("the duplicate ended").isNotNull();
    b.onThread(() -> null);
    Thread.sleep(300);
    assertThat(b.connected()).as("B still has A").isEqualTo(1);
    assertThat(a.connected()).as("A still has B").isEqualTo(1);
  }
}
