package io.ethfollow.store;

import io.ethfollow.chain.Hash;
import java.util.Objects;

/**
 * Which chain a store belongs to. Two identities are the same chain when genesis hash and network id
 * match; the network name is a label for messages (a renamed custom network is still the same chain).
 */
public record ChainIdentity(Hash genesisHash, long networkId, String networkName) {
  public ChainIdentity {
    Objects.requireNonNull(genesisHash, "genesisHash");
    Objects.requireNonNull(networkName, "networkName");
  }

  /** True when both identities describe the same chain (genesis hash and network id). */
  public boolean sameChainAs(ChainIdentity other) {
    return genesisHash.equals(other.genesisHash) && networkId == other.networkId;
  }

  /** "network mainnet (id 1, genesis 0x…)", for one-line error messages. */
  public String describe() {
    return "network " + networkName + " (id " + networkId + ", genesis " + genesisHash.toHex() + ")";
  }
}
