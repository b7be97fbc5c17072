package io.ethfollow.network;

import io.ethfollow.peer.PeerId;
import io.ethfollow.peer.PeerLink;
import io.ethfollow.rlpx.RlpxSession;
import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.eth.EthCodec;
import io.ethfollow.wire.eth.EthMessage;
import java.net.InetSocketAddress;

/**
 * The pool's {@link PeerLink} over one RLPx session: encodes eth messages and hands them to the
 * session, which queues them on its Netty channel (never blocks). Immutable; safe from any thread.
 */
final class SessionLink implements PeerLink {
  private final RlpxSession session;
  private final PeerId id;

  SessionLink(RlpxSession session) {
    this.session = session;
    this.id = PeerId.of(session.remoteNodeId());
  }

  @Override
  public PeerId id() {
    return id;
  }

  @Override
  public String clientId() {
    return session.clientId();
  }

  @Override
  public int ethVersion() {
    return session.ethVersion();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return session.remoteAddress();
  }

  @Override
  public void send(EthMessage message) {
    session.send(message.id().code(), EthCodec.encode(message));
  }

  @Override
  public void disconnect(DisconnectCause cause) {
    session.disconnect(cause);
  }

  RlpxSession session() {
    return session;
  }
}
