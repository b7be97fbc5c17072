package io.ethfollow.wire.eth;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.ForkFilter;
import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.DisconnectReason;
import java.util.Optional;

/**
 * Judges a peer's Status against our chain: a pure function, no state, thread-safe. The session
 * calls it once per handshake and disconnects with the returned cause.
 *
 * <p>Wire codes: a peer on another chain (network id, genesis, fork id) is {@link
 * DisconnectReason#USELESS_PEER} to us, it did nothing wrong; a Status that contradicts the
 * negotiated version or announces an impossible block range is {@link
 * DisconnectReason#BREACH_OF_PROTOCOL}. The detail names the exact check for the log.
 */
public final class StatusValidator {
  private StatusValidator() {}

  /**
   * Checks a remote Status.
   *
   * @param spec our chain
   * @param negotiatedVersion the eth version both sides agreed on in Hello
   * @param localHeadNumber our head block number (for the fork id check)
   * @param localHeadTime our head block timestamp (for time-based forks)
   * @param status what the peer sent
   * @return empty when the peer may stay, else why it must go
   */
  public static Optional<DisconnectCause> check(
      ChainSpec spec,
      int negotiatedVersion,
      long localHeadNumber,
      long localHeadTime,
      EthMessage.Status status) {
    if (status.version() != negotiatedVersion) {
      return breach(
          "status version " + status.version() + " differs from negotiated eth/" + negotiatedVersion);
    }
    boolean wantsEth69 = negotiatedVersion >= EthCodec.ETH69;
    if (wantsEth69 != (status instanceof EthMessage.Status69)) {
      return breach("status form does not match eth/" + negotiatedVersion);
    }
    if (status.networkId() != spec.networkId()) {
      return useless(
          "network id " + Long.toUnsignedString(status.networkId()) + ", ours is "
              + spec.networkId());
    }
    if (!status.genesisHash().equals(spec.genesisHash())) {
      return useless("genesis " + status.genesisHash().toHex() + ", ours is "
          + spec.genesisHash().toHex());
    }
    if (status instanceof EthMessage.Status69 s && s.earliest() > s.latest()) {
      return breach("status block range earliest " + s.earliest() + " > latest " + s.latest());
    }
    ForkFilter.Verdict verdict =
        spec.forkFilter().check(status.forkId(), localHeadNumber, localHeadTime);
    if (!verdict.accepted()) {
      return useless("fork id " + status.forkId() + ": " + verdict.reason());
    }
    return Optional.empty();
  }

  private static Optional<DisconnectCause> breach(String detail) {
    return Optional.of(DisconnectReason.BREACH_OF_PROTOCOL.because(detail));
  }

  private static Optional<DisconnectCause> useless(String detail) {
    return Optional.of(DisconnectReason.USELESS_PEER.because(detail));
  }
}
