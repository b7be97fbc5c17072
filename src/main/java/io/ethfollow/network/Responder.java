package io.ethfollow.network;

import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.eth.EthMessage;
import io.ethfollow.wire.serve.RequestServer;

/**
 * How a peer's request (GetBlockHeaders, GetBlockBodies, GetReceipts, GetPooledTransactions) is
 * answered. The daemon answers straight from its store ({@link #of(RequestServer)}); the devnet
 * producer installs one that injects faults (delays, silence, empty or wrong answers, drops). Called
 * on the serve executor, one request at a time per call; it must not block, and may answer later
 * from another thread through the {@link Reply}, or never.
 */
@FunctionalInterface
public interface Responder {
  void respond(EthMessage request, int ethVersion, Reply reply);

  /** Where an answer goes: the requesting peer's session. Thread-safe. */
  interface Reply {
    /** Sends the answer to the peer (queued on its channel; never blocks). */
    void send(EthMessage answer);

    /** Ends the peer's session with this cause. */
    void disconnect(DisconnectCause cause);
  }

  /** Answers every request from the server at once: the daemon's path. */
  static Responder of(RequestServer server) {
    return (request, ethVersion, reply) -> server.answer(request, ethVersion).ifPresent(reply::send);
  }
}
