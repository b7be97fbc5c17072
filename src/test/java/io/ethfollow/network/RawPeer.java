package io.ethfollow.network;

import io.ethfollow.rlpx.RlpxConfig;
import io.ethfollow.rlpx.RlpxSession;
import io.ethfollow.rlpx.RlpxTransport;
import io.ethfollow.rlpx.SessionListener;
import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.NodeKey;
import io.ethfollow.wire.eth.EthCodec;
import io.ethfollow.wire.eth.EthMessage;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare RLPx endpoint for tests, with any node key (also one borrowed from another node, to open a
 * duplicate session): dials, records the eth messages it gets and session ends, speaks only when
 * told. Listener calls run on its own single thread.
 */
public final class RawPeer implements SessionListener, AutoCloseable {
  public final BlockingQueue<EthMessage> messages = new LinkedBlockingQueue<>();
  public final BlockingQueue<DisconnectCause> ended = new LinkedBlockingQueue<>();
  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final RlpxTransport transport;

  public RawPeer(NodeKey key) {
    this.transport = RlpxTransport.start(RlpxConfig.forTests(), key, this, thread);
  }

  /** Dials {@code enode} and waits for Hello to complete. */
  public RlpxSession dial(Enode enode) throws Exception {
    return transport.dial(enode).get(10, TimeUnit.SECONDS);
  }

  /** The next eth message, waiting up to 5 s. */
  public EthMessage nextMessage() throws InterruptedException {
    EthMessage m = messages.poll(5, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no eth message within 5 s");
    }
    return m;
  }

  @Override
  public void onConnected(RlpxSession session) {}

  @Override
  public void onMessage(RlpxSession session, int code, byte[] payload) {
    messages.add(EthCodec.decode(session.ethVersion(), code, payload));
  }

  @Override
  public void onDisconnected(RlpxSession session, DisconnectCause cause, boolean byPeer) {
    ended.add(cause);
  }

  @Override
  public void onHandshakeFailed(InetSocketAddress remote, DisconnectCause cause) {}

  @Override
  public void close() {
    transport.close();
    thread.shutdownNow();
  }
}
