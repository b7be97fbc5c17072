package io.ethfollow.rlpx;

import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.DisconnectReason;
import io.ethfollow.wire.p2p.Capability;
import io.ethfollow.wire.p2p.SharedCapabilities;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * An established RLPx session (handshake and Hello done, eth negotiated): what the rest of the node
 * holds to talk to one peer. Immutable facts plus two thread-safe actions, {@link #send} and {@link
 * #disconnect}, which hop onto the channel's event loop. Created by {@link SessionHandler}.
 */
public final class RlpxSession {
  private final Channel channel;
  private final SessionHandler handler;
  private final byte[] remoteNodeId;
  private final String clientId;
  private final SharedCapabilities.Shared eth;
  private final boolean snappy;
  private final boolean inbound;

  RlpxSession(
      Channel channel,
      SessionHandler handler,
      byte[] remoteNodeId,
      String clientId,
      SharedCapabilities.Shared eth,
      boolean snappy,
      boolean inbound) {
    this.channel = channel;
    this.handler = handler;
    this.remoteNodeId = remoteNodeId.clone();
    this.clientId = clientId;
    this.eth = eth;
    this.snappy = snappy;
    this.inbound = inbound;
  }

  /** The peer's 64-byte node id, as proven by the handshake and confirmed by its Hello. */
  public byte[] remoteNodeId() {
    return remoteNodeId.clone();
  }

  /** The client id from the peer's Hello, e.g. "Geth/v1.16.0-stable/linux-amd64/go1.24". */
  public String clientId() {
    return clientId;
  }

  /** The negotiated eth version: 69 or 68. */
  public int ethVersion() {
    return (int) eth.capability().version();
  }

  /** The negotiated eth capability. */
  public Capability eth() {
    return eth.capability();
  }

  /** Whether payloads are snappy-compressed (both Hellos said p2p version 5 or more). */
  public boolean snappy() {
    return snappy;
  }

  /** True when the peer dialled us. */
  public boolean inbound() {
    return inbound;
  }

  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  /** True until the session starts disconnecting. */
  public boolean isOpen() {
    return channel.isActive() && !handler.isEnding();
  }

  /**
   * Sends an eth message; safe from any thread. Compression runs on the calling thread, the write on
   * the event loop; messages from one thread keep their order. Silently dropped once the session is
   * ending.
   *
   * @param ethCode message id relative to the eth capability
   * @param payload the RLP payload (not copied: do not modify it afterwards)
   * @throws IllegalArgumentException for an id outside the negotiated eth version or a payload over
   *     the 16 MiB / frame limit
   */
  public void send(int ethCode, byte[] payload) {
    if (ethCode < 0 || ethCode >= eth.messageCount()) {
      throw new IllegalArgumentException("eth/" + ethVersion() + " has no message 0x" + Integer.toHexString(ethCode));
    }
    handler.sendMessage(eth.offset() + ethCode, payload);
  }

  /** Ends the session: sends Disconnect with this reason, then closes. Safe from any thread. */
  public void disconnect(DisconnectCause cause) {
    channel.eventLoop().execute(() -> handler.disconnect(cause, false));
  }

  /** Ends the session with a reason and a generic detail. */
  public void disconnect(DisconnectReason reason) {
    disconnect(reason.because("local request"));
  }

  @Override
  public String toString() {
    return "RlpxSession[" + io.ethfollow.rlp.Hex.encodeNoPrefix(java.util.Arrays.copyOf(remoteNodeId, 4))
        + "@" + channel.remoteAddress() + ", eth/" + ethVersion() + "]";
  }
}
