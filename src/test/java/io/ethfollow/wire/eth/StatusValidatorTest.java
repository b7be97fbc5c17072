package io.ethfollow.wire.eth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.ForkFilter;
import io.ethfollow.chain.ForkId;
import io.ethfollow.chain.Hash;
import io.ethfollow.wire.DisconnectCause;
import io.ethfollow.wire.DisconnectReason;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Status checks against mainnet, with fork ids from the EIP-2124 vectors (testdata/forkid). */
class StatusValidatorTest {
  private static final ChainSpec MAINNET = ChainSpec.named("mainnet");
  private static final Hash GENESIS = MAINNET.genesisHash();
  private static final Hash LATEST = Hash.keccakOf(new byte[] {9});
  /** Local head in Cancun: block 21000000 at the Cancun activation time (forkid vectors). */
  private static final long HEAD = 21_000_000;
  private static final long HEAD_TIME = 1_710_338_135;
  /** Cancun's fork hash with Prague next (creation vector "First Cancun block"). */
  private static final ForkId CANCUN = new ForkId(0x9f3d2254, 1_746_612_311L);

  private static Optional<DisconnectCause> check69(EthMessage.Status s) {
    return StatusValidator.check(MAINNET, 69, HEAD, HEAD_TIME, s);
  }

  private static EthMessage.Status69 status69(long networkId, Hash genesis, ForkId forkId) {
    return new EthMessage.Status69(69, networkId, genesis, forkId, 0, HEAD, LATEST);
  }

  @Test
  void shouldAcceptMatchingMainnetPeerOnBothVersions() {
    assertThat(check69(status69(1, GENESIS, CANCUN))).isEmpty();
    EthMessage.Status68 s68 =
        new EthMessage.Status68(68, 1, BigInteger.TEN, LATEST, GENESIS, CANCUN);
    assertThat(StatusValidator.check(MAINNET, 68, HEAD, HEAD_TIME, s68)).isEmpty();
  }

  @Test
  void shouldDropPeerOnAnotherNetworkAsUseless() {
    Optional<DisconnectCause> c = check69(status69(11155111, GENESIS, CANCUN));
    assertThat(c).get().extracting(DisconnectCause::wire).isEqualTo(DisconnectReason.USELESS_PEER);
    assertThat(c.get().detail()).contains("network id 11155111");
  }

  @Test
  void shouldDropPeerWithAnotherGenesis() {
    Optional<DisconnectCause> c = check69(status69(1, LATEST, CANCUN));
    assertThat(c.get().wire()).isEqualTo(DisconnectReason.USELESS_PEER);
    assertThat(c.get().detail()).contains("genesis");
  }

  @Test
  void shouldDropRemoteStaleForkIdWithItsReason() {
    // forkid vector: local Cancun, remote announces Shanghai and knows no further fork
    Optional<DisconnectCause> c = check69(status69(1, GENESIS, new ForkId(0xdce96c2d, 0)));
    assertThat(c.get().wire()).isEqualTo(DisconnectReason.USELESS_PEER);
    assertThat(c.get().detail()).contains(ForkFilter.Verdict.REJECT_REMOTE_STALE.reason());
  }

  @Test
  void shouldDropLocallyIncompatibleForkIdWithItsReason() {
    // forkid vector: a random fork hash is another chain (or a fork we lack)
    Optional<DisconnectCause> c = check69(status69(1, GENESIS, new ForkId(0x12345678, 0)));
    assertThat(c.get().detail())
        .contains(ForkFilter.Verdict.REJECT_LOCAL_INCOMPATIBLE_OR_STALE.reason());
  }

  @Test
  void shouldAcceptPeerAheadOfUsOnAKnownFutureFork() {
    // forkid vector: local Shanghai (time 1700000000), remote announces Cancun: we are syncing
    EthMessage.Status69 s = status69(1, GENESIS, new ForkId(0x9f3d2254, 0));
    assertThat(StatusValidator.check(MAINNET, 69, 21_000_000, 1_700_000_000L, s)).isEmpty();
  }

  @Test
  void shouldTreatImpossibleBlockRangeAsBreach() {
    EthMessage.Status69 s = new EthMessage.Status69(69, 1, GENESIS, CANCUN, 100, 99, LATEST);
    Optional<DisconnectCause> c = check69(s);
    assertThat(c.get().wire()).isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL);
    assertThat(c.get().detail()).contains("earliest 100 > latest 99");
  }

  @Test
  void shouldTreatVersionMismatchWithNegotiatedVersionAsBreach() {
    EthMessage.Status69 claims68 = new EthMessage.Status69(68, 1, GENESIS, CANCUN, 0, 1, LATEST);
    assertThat(check69(claims68).get().wire()).isEqualTo(DisconnectReason.BREACH_OF_PROTOCOL);
    EthMessage.Status68 oldForm =
        new EthMessage.Status68(69, 1, BigInteger.ONE, LATEST, GENESIS, CANCUN);
    assertThat(check69(oldForm).get().detail()).contains("form");
  }
}
