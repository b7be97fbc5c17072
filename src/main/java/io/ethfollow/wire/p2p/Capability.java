package io.ethfollow.wire.p2p;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One capability (sub-protocol name and version) as announced in a Hello, e.g. eth/69. Immutable
 * value; thread-safe.
 *
 * @param name ASCII name, at most {@link #MAX_NAME_LENGTH} characters
 * @param version the version number (a non-negative integer on the wire)
 */
public record Capability(String name, long version) implements Comparable<Capability> {
  /** rlpx.md: "cap-name ... an ASCII string of max 8 characters". */
  public static final int MAX_NAME_LENGTH = 8;

  /** eth/68: the version without eth/69's Status and receipt changes; still offered by reth. */
  public static final Capability ETH68 = new Capability("eth", 68);

  /** eth/69 (EIP-7642): the only version current go-ethereum offers besides newer ones. */
  public static final Capability ETH69 = new Capability("eth", 69);

  public Capability {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("capability name must be 1-8 characters: '" + name + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("capability name must be printable ASCII: '" + name + "'");
      }
    }
    if (version < 0) {
      throw new IllegalArgumentException("negative capability version " + version);
    }
  }

  byte[] nameBytes() {
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  /** Orders by name, then version: the order rlpx.md assigns message id ranges in. */
  @Override
  public int compareTo(Capability o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : Long.compare(version, o.version);
  }

  @Override
  public String toString() {
    return name + "/" + version;
  }
}
