package io.ethfollow.wire.p2p;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The outcome of capability negotiation for one connection: which capabilities both sides speak, at
 * which version, and which message ids each one owns (rlpx.md, "Message ID-based multiplexing"). The
 * base protocol keeps ids 0x00-0x0f; shared capabilities, sorted by name, get consecutive ranges
 * from 0x10, each as long as its version's message count; for a name both sides speak in several
 * versions only the highest common one is used. Immutable; thread-safe.
 */
public final class SharedCapabilities {

  /**
   * A negotiated capability and its id range {@code [offset, offset + messageCount)}.
   *
   * @param capability name and the negotiated version
   * @param offset the connection-wide id of its message 0x00
   * @param messageCount how many ids it owns
   */
  public record Shared(Capability capability, int offset, int messageCount) {
    /** True when this connection-wide id belongs to this capability. */
    public boolean owns(int messageId) {
      return messageId >= offset && messageId < offset + messageCount;
    }
  }

  private final List<Shared> shared;

  private SharedCapabilities(List<Shared> shared) {
    this.shared = List.copyOf(shared);
  }

  /**
   * Negotiates our offered capabilities against the ones in the peer's Hello.
   *
   * @param ours what we offer; each must have a known message count ({@link #messageCount})
   * @param theirs the capabilities from the peer's Hello (duplicates and unknown ones are fine)
   */
  public static SharedCapabilities negotiate(List<Capability> ours, List<Capability> theirs) {
    Set<Capability> remote = new HashSet<>(theirs);
    TreeMap<String, Capability> best = new TreeMap<>();
    for (Capability c : ours) {
      messageCount(c); // fail early for a capability we cannot route
      if (remote.contains(c)) {
        best.merge(c.name(), c, (a, b) -> a.version() >= b.version() ? a : b);
      }
    }
    List<Shared> out = new ArrayList<>();
    int offset = P2pMessageId.RESERVED_IDS;
    for (Capability c : best.values()) {
      int count = messageCount(c);
      out.add(new Shared(c, offset, count));
      offset += count;
    }
    return new SharedCapabilities(out);
  }

  /**
   * How many message ids a capability version uses. eth/66-68 define ids 0x00-0x10 (17); eth/69
   * adds BlockRangeUpdate at 0x11 (18). Those are the only versions we speak.
   *
   * @throws IllegalArgumentException for a capability we do not implement
   */
  public static int messageCount(Capability c) {
    if (c.name().equals("eth")) {
      if (c.version() >= 66 && c.version() <= 68) {
        return 17;
      }
      if (c.version() == 69) {
        return 18;
      }
    }
    throw new IllegalArgumentException("no message count known for " + c);
  }

  /** The negotiated capabilities in id order. */
  public List<Shared> all() {
    return shared;
  }

  /** The negotiated version of a capability, if both sides speak it. */
  public Optional<Shared> find(String name) {
    for (Shared s : shared) {
      if (s.capability().name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The negotiated eth capability; empty means the peer is useless to us. */
  public Optional<Shared> eth() {
    return find("eth");
  }

  /** The capability owning this connection-wide message id (0x10 and up), if any. */
  public Optional<Shared> owner(int messageId) {
    for (Shared s : shared) {
      if (s.owns(messageId)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return shared.toString();
  }
}
