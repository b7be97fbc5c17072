package io.ethfollow.peer;

import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.Enode;
import io.ethfollow.wire.eth.EthMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A session that records what it is asked to send and whether it was closed. Test-only. */
public final class FakeLink implements PeerLink {
  public final PeerId id;
  public final List<EthMessage> sent = new ArrayList<>();
  public DisconnectCause closedWith;

  public FakeLink(PeerId id) {
    this.id = id;
  }

  /** A deterministic enode for peer number {@code n} (node id bytes all n+1, port 30303+n). */
  public static Enode enode(int n) {
    byte[] nodeId = new byte[64];
    java.util.Arrays.fill(nodeId, (byte) (n + 1));
    try {
      return new Enode(nodeId, InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) (n + 1)}), 30303 + n,
          30303 + n);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  public static PeerId id(int n) {
    return PeerId.of(enode(n));
  }

  @Override
  public PeerId id() {
    return id;
  }

  @Override
  public String clientId() {
    return "Fake/v1";
  }

  @Override
  public int ethVersion() {
    return 69;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return new InetSocketAddress("10.0.0.1", 30303);
  }

  @Override
  public void send(EthMessage message) {
    sent.add(message);
  }

  @Override
  public void disconnect(DisconnectCause cause) {
    closedWith = cause;
  }
}
