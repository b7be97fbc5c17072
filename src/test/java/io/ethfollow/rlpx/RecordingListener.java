package io.ethfollow.rlpx;

import io.ethfollow.wire.DisconnectCause;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records listener calls into queues that tests poll with a bound. */
final class RecordingListener implements SessionListener {
  record Message(RlpxSession session, int code, byte[] payload) {}

  record Ended(RlpxSession session, DisconnectCause cause, boolean byPeer) {}

  record Failed(InetSocketAddress remote, DisconnectCause cause) {}

  final BlockingQueue<RlpxSession> connected = new LinkedBlockingQueue<>();
  final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  final BlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
  final BlockingQueue<Failed> failed = new LinkedBlockingQueue<>();
  /** {@link SessionListener#onMalformed} and {@link SessionListener#onConnectionRefused} calls. */
  final BlockingQueue<Failed> malformed = new LinkedBlockingQueue<>();
  final BlockingQueue<Failed> refused = new LinkedBlockingQueue<>();
  /** Threads that ran decode, and what onDecoded received (the decode step's result). */
  final BlockingQueue<String> decodedOn = new LinkedBlockingQueue<>();
  final BlockingQueue<Object> decodedResults = new LinkedBlockingQueue<>();

  @Override
  public Object decode(RlpxSession session, int code, byte[] payload) {
    decodedOn.add(Thread.currentThread().getName());
    return "decoded " + code + " (" + payload.length + " bytes)";
  }

  @Override
  public void onDecoded(RlpxSession session, int code, byte[] payload, Object decoded) {
    decodedResults.add(decoded);
    onMessage(session, code, payload);
  }

  @Override
  public void onConnected(RlpxSession session) {
    connected.add(session);
  }

  @Override
  public void onMessage(RlpxSession session, int code, byte[] payload) {
    messages.add(new Message(session, code, payload));
  }

  @Override
  public void onDisconnected(RlpxSession session, DisconnectCause cause, boolean byPeer) {
    ended.add(new Ended(session, cause, byPeer));
  }

  @Override
  public void onHandshakeFailed(InetSocketAddress remote, DisconnectCause cause) {
    failed.add(new Failed(remote, cause));
  }

  @Override
  public void onMalformed(InetSocketAddress remote, DisconnectCause cause) {
    malformed.add(new Failed(remote, cause));
  }

  @Override
  public void onConnectionRefused(InetSocketAddress remote, DisconnectCause cause) {
    refused.add(new Failed(remote, cause));
  }

  static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T t = q.poll(5, TimeUnit.SECONDS);
    if (t == null) {
      throw new AssertionError("nothing arrived within 5 s");
    }
    return t;
  }
}
