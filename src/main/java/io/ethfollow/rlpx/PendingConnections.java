package io.ethfollow.rlpx;

import io.netty.channel.Channel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The connections still in their handshake: from TCP accept (or the start of a dial) until the
 * peer's Hello is accepted. Owns the two limits of that phase: how many such connections may exist
 * at once (the cap), and how many bytes each may send before its Hello ({@link
 * #MAX_BYTES_PER_CONNECTION}), so the input buffered for connections that have not authenticated
 * is at most cap × that bound in total. An inbound connection beyond the cap is refused; a dial
 * beyond it evicts the oldest inbound connection still in its handshake (our own dials are few and
 * bounded by the pool, and must not be starved by a flood of inbound ones); only when every pending
 * connection is our own dial is the dial refused. Thread-safe: event loops admit, account and
 * release, anyone may read the totals.
 */
final class PendingConnections {
  /**
   * Bytes a connection may send before its Hello is accepted. An honest peer sends its auth (or
   * ack: at most {@link HandshakeHandler#MAX_BODY} + 2 bytes, under 800 in practice) and its Hello
   * frame (at most {@link FrameDecoder#PRE_HELLO_FRAME_SIZE} + 64 bytes of header, padding and MAC,
   * about 300 in practice), and possibly its eth Status (about 150 bytes) right behind it: about
   * 1.3 KiB, 4.3 KiB at the codecs' limits. 8 KiB leaves room for both and for the read that carries
   * them; more is never honest.
   */
  static final int MAX_BYTES_PER_CONNECTION = 8 * 1024;

  /** Whether a connection may proceed, and the inbound connection it displaced, if any. */
  record Admission(boolean admitted, Optional<Channel> evicted) {}

  private static final class Entry {
    final boolean inbound;
    long bytes;

    Entry(boolean inbound) {
      this.inbound = inbound;
    }
  }

  private final int cap;
  /** In admission order, so the first inbound entry is the oldest one. */
  private final Map<Channel, Entry> pending = new LinkedHashMap<>();
  private long bytes;

  PendingConnections(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be at least 1");
    }
    this.cap = cap;
  }

  /**
   * Admits a new connection if the cap allows; a dial at the cap evicts the oldest inbound pending
   * connection (removed here; the caller closes it).
   */
  synchronized Admission admit(Channel channel, boolean inbound) {
    Optional<Channel> evicted = Optional.empty();
    if (pending.size() >= cap) {
      if (inbound) {
        return new Admission(false, Optional.empty());
      }
      evicted = oldestInbound();
      if (evicted.isEmpty()) {
        return new Admission(false, Optional.empty());
      }
      remove(evicted.get());
    }
    pending.put(channel, new Entry(inbound));
    return new Admission(true, evicted);
  }

  /**
   * Accounts {@code n} bytes read from a pending connection; false when that takes it past {@link
   * #MAX_BYTES_PER_CONNECTION} (the bytes are then not kept: the caller drops them and ends the
   * connection). A connection no longer pending is not limited here.
   */
  synchronized boolean received(Channel channel, int n) {
    Entry e = pending.get(channel);
    if (e == null) {
      return true;
    }
    if (e.bytes + n > MAX_BYTES_PER_CONNECTION) {
      return false;
    }
    e.bytes += n;
    bytes += n;
    return true;
  }

  /** The connection left its handshake (Hello accepted) or closed; idempotent. */
  synchronized void release(Channel channel) {
    remove(channel);
  }

  /** Connections in their handshake now. */
  synchronized int count() {
    return pending.size();
  }

  /**
   * Bytes the pending connections have sent us, an upper bound on what their handshake and frame
   * decoders hold: at most cap × {@link #MAX_BYTES_PER_CONNECTION}.
   */
  synchronized long bytes() {
    return bytes;
  }

  int cap() {
    return cap;
  }

  private void remove(Channel channel) {
    Entry e = pending.remove(channel);
    if (e != null) {
      bytes -= e.bytes;
    }
  }

  private Optional<Channel> oldestInbound() {
    for (Map.Entry<Channel, Entry> e : pending.entrySet()) {
      if (e.getValue().inbound) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }
}
