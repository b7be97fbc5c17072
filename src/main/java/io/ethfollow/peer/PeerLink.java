package io.ethfollow.peer;

import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.eth.EthMessage;
import java.net.InetSocketAddress;

/**
 * The pool's and request executor's view of one live eth session. Implemented by an adapter over an
 * RLPx session (and by fakes in tests and simulations). Calls may come from the scheduler's thread;
 * implementations hand the work to their IO thread and never block.
 */
public interface PeerLink {
  PeerId id();

  /** The remote's client id from its Hello, e.g. "Geth/v1.16.0-stable/linux-amd64/go1.24". */
  String clientId();

  /** The negotiated eth version (68 or 69). */
  int ethVersion();

  InetSocketAddress remoteAddress();

  /** Queues an eth message for sending; never blocks. Messages to a closed session are dropped. */
  void send(EthMessage message);

  /** Sends Disconnect with the cause's wire code and closes the session; idempotent. */
  void disconnect(DisconnectCause cause);
}
