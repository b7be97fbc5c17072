package io.ethfollow.wire.p2p;

import io.ethfollow.wire.DisconnectReason;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The messages of the devp2p base protocol. Encoding and decoding live in {@link P2pCodec}. All
 * records are immutable (byte arrays are copied in and out); thread-safe.
 */
public sealed interface P2pMessage
    permits P2pMessage.Hello, P2pMessage.Disconnect, P2pMessage.Ping, P2pMessage.Pong {

  /** The id this message is sent with. */
  P2pMessageId id();

  /**
   * The first message on every connection.
   *
   * @param p2pVersion base protocol version; 5 since EIP-706 (snappy); higher values are accepted
   * @param clientId free-form client name, e.g. "ethfollow/v0.1.0/linux-amd64/java17"
   * @param capabilities what the sender speaks
   * @param listenPort the sender's TCP listening port, 0 if none (legacy; most clients ignore it)
   * @param nodeId the sender's uncompressed secp256k1 public key without the 0x04 prefix
   */
  record Hello(
      long p2pVersion, String clientId, List<Capability> capabilities, long listenPort, byte[] nodeId)
      implements P2pMessage {
    /** rlpx.md: the node id is the 64-byte uncompressed public key. */
    public static final int NODE_ID_SIZE = 64;

    /** EIP-706: version 5 turns on snappy compression of every message after Hello. */
    public static final long P2P_VERSION = 5;

    public Hello {
      Objects.requireNonNull(clientId, "clientId");
      capabilities = List.copyOf(capabilities);
      if (p2pVersion < 0 || listenPort < 0 || listenPort > 0xffff) {
        throw new IllegalArgumentException("bad version or port: " + p2pVersion + ", " + listenPort);
      }
      if (nodeId.length != NODE_ID_SIZE) {
        throw new IllegalArgumentException("node id must be 64 bytes, got " + nodeId.length);
      }
      nodeId = nodeId.clone();
    }

    @Override
    public byte[] nodeId() {
      return nodeId.clone();
    }

    @Override
    public P2pMessageId id() {
      return P2pMessageId.HELLO;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Hello h
          && h.p2pVersion == p2pVersion
          && h.listenPort == listenPort
          && h.clientId.equals(clientId)
          && h.capabilities.equals(capabilities)
          && Arrays.equals(h.nodeId, nodeId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(p2pVersion, clientId, capabilities, listenPort) * 31
          + Arrays.hashCode(nodeId);
    }

    @Override
    public String toString() {
      return "Hello[v" + p2pVersion + ", " + clientId + ", " + capabilities + ", port "
          + listenPort + "]";
    }
  }

  /** The sender is closing the connection for this reason. */
  record Disconnect(DisconnectReason reason) implements P2pMessage {
    public Disconnect {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public P2pMessageId id() {
      return P2pMessageId.DISCONNECT;
    }
  }

  /** Liveness probe; the receiver must answer with {@link Pong}. */
  record Ping() implements P2pMessage {
    @Override
    public P2pMessageId id() {
      return P2pMessageId.PING;
    }
  }

  /** The answer to {@link Ping}. */
  record Pong() implements P2pMessage {
    @Override
    public P2pMessageId id() {
      return P2pMessageId.PONG;
    }
  }
}
