package io.ethfollow.rlpx;

import io.ethfollow.wire.DisconnectCause;
import java.net.InetSocketAddress;

/**
 * Receives what sessions report. Every call runs on the listener executor given to {@link
 * RlpxTransport} (never a Netty thread), in order for any one session when that executor is serial.
 * Implementations may decode eth payloads and block briefly; they never slow the IO threads.
 */
public interface SessionListener {
  /** Handshake and Hello exchange done; the session can send. */
  void onConnected(RlpxSession session);

  /**
   * An eth message arrived.
   *
   * @param code message id relative to the eth capability (0x00 Status, 0x03 GetBlockHeaders, ...)
   * @param payload the decompressed RLP payload
   */
  void onMessage(RlpxSession session, int code, byte[] payload);

  /**
   * Runs on the session's Netty thread before the hand-off, so the IO threads, not the listener's
   * executor, pay for decoding: a pure function of its arguments (no shared state, no blocking).
   * Whatever it returns (a decoded message, or the exception decoding raised) reaches {@link
   * #onDecoded} with the payload. The default decodes nothing.
   */
  default Object decode(RlpxSession session, int code, byte[] payload) {
    return null;
  }

  /**
   * An eth message arrived, with what {@link #decode} made of it on the Netty thread (null if
   * nothing). Runs on the listener executor. The default ignores {@code decoded}.
   */
  default void onDecoded(RlpxSession session, int code, byte[] payload, Object decoded) {
    onMessage(session, code, payload);
  }

  /**
   * The session ended (after {@link #onConnected}); called exactly once.
   *
   * @param cause why: the reason we sent, or the one the peer sent
   * @param byPeer true when the peer disconnected or the connection broke, false when we ended it
   */
  void onDisconnected(RlpxSession session, DisconnectCause cause, boolean byPeer);

  /** A connection ended before a session was established (handshake failure, timeout, bad Hello). */
  default void onHandshakeFailed(InetSocketAddress remote, DisconnectCause cause) {}

  /**
   * The connection from or to {@code remote} is being ended because the peer sent bytes we cannot
   * accept: an undecryptable or oversized handshake packet, too many bytes before Hello, a bad MAC,
   * an oversized or malformed frame, bad snappy, an undecodable p2p message, a first message that
   * is not Hello, a second Hello or a message id outside the negotiated ones. Called once per
   * connection, before its {@link #onDisconnected} or {@link #onHandshakeFailed}.
   */
  default void onMalformed(InetSocketAddress remote, DisconnectCause cause) {}

  /**
   * A connection was closed at once because the cap on connections in their handshake was reached:
   * an inbound one beyond it, an inbound one evicted to make room for our dial, or our dial when
   * every slot held a dial. Evicted connections also report {@link #onHandshakeFailed}.
   */
  default void onConnectionRefused(InetSocketAddress remote, DisconnectCause cause) {}
}
