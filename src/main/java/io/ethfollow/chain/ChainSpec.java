package io.ethfollow.chain;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Everything ethfollow needs to know about one network: identity (chain id, network id, genesis),
 * the ordered fork schedule, merge facts and bootnodes. Answers which rules and header layout apply
 * at a (block number, timestamp) and which EIP-2124 fork id we announce there.
 *
 * <p>Built-in networks come from {@code src/main/resources/chains/<name>.json} via {@link #named};
 * custom ones from a geth-style genesis.json via {@link GenesisJson}. Immutable and thread-safe.
 *
 * @param name network name for logs and the status endpoint
 * @param chainId EIP-155 chain id
 * @param networkId devp2p network id carried in eth Status
 * @param genesisHash hash of block 0
 * @param genesisHeader block 0 itself when known (its hash equals {@code genesisHash})
 * @param genesisTimestamp timestamp of block 0: time forks at or before it are part of genesis
 * @param forks the schedule: block forks ascending, then timestamp forks ascending; names unique
 * @param merge terminal total difficulty and first proof-of-stake block, when known
 * @param bootnodes enode URLs to seed discovery with
 */
public record ChainSpec(
    String name,
    long chainId,
    long networkId,
    Hash genesisHash,
    Optional<BlockHeader> genesisHeader,
    long genesisTimestamp,
    List<Fork> forks,
    Optional<Merge> merge,
    List<String> bootnodes) {

  /** Networks shipped in the jar, in the order {@link #named} lists them. */
  private static final List<String> BUILT_IN = List.of("mainnet", "sepolia", "hoodi");

  /**
   * The transition to proof of stake.
   *
   * @param terminalTotalDifficulty total difficulty at which the last proof-of-work block was made
   * @param firstPosBlock number of the first proof-of-stake block, when known
   */
  public record Merge(BigInteger terminalTotalDifficulty, OptionalLong firstPosBlock) {
    public Merge {
      Objects.requireNonNull(terminalTotalDifficulty, "terminalTotalDifficulty");
      Objects.requireNonNull(firstPosBlock, "firstPosBlock");
    }
  }

  public ChainSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(genesisHash, "genesisHash");
    Objects.requireNonNull(genesisHeader, "genesisHeader");
    Objects.requireNonNull(merge, "merge");
    forks = List.copyOf(forks);
    bootnodes = List.copyOf(bootnodes);
    if (genesisHeader.isPresent() && !genesisHeader.get().hash().equals(genesisHash)) {
      throw new IllegalArgumentException(
          name + ": genesis header hashes to " + genesisHeader.get().hash() + ", not " + genesisHash);
    }
    checkForkOrder(name, forks);
  }

  /**
   * A built-in network by name (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known ones
   */
  public static ChainSpec named(String network) {
    String key = network.strip().toLowerCase(java.util.Locale.ROOT);
    if (!BUILT_IN.contains(key)) {
      throw new IllegalArgumentException(
          "unknown network '" + network + "'; known networks: " + String.join(", ", BUILT_IN));
    }
    return ChainSpecFile.builtIn(key);
  }

  /** Names accepted by {@link #named}. */
  public static List<String> builtInNames() {
    return BUILT_IN;
  }

  /** The fork with this name, if scheduled. */
  public Optional<Fork> fork(String forkName) {
    for (Fork f : forks) {
      if (f.name().equals(forkName)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** True when the named fork is scheduled and active for a block with this number and timestamp. */
  public boolean isActive(String forkName, long number, long timestamp) {
    Optional<Fork> f = fork(forkName);
    return f.isPresent() && f.get().isActive(number, timestamp);
  }

  /**
   * How many fields a valid header of a block with this number and timestamp has: 15 before London,
   * 16 London, 17 Shanghai, 20 Cancun, 21 Prague and later (Osaka and the blob-parameter forks add
   * none).
   */
  public int expectedHeaderFieldCount(long number, long timestamp) {
    if (isActive(Fork.PRAGUE, number, timestamp)) {
      return BlockHeader.FIELDS_PRAGUE;
    }
    if (isActive(Fork.CANCUN, number, timestamp)) {
      return BlockHeader.FIELDS_CANCUN;
    }
    if (isActive(Fork.SHANGHAI, number, timestamp)) {
      return BlockHeader.FIELDS_SHANGHAI;
    }
    if (isActive(Fork.LONDON, number, timestamp)) {
      return BlockHeader.FIELDS_LONDON;
    }
    return BlockHeader.FIELDS_FRONTIER;
  }

  /** The EIP-2124 checksums of this schedule (cheap to build; callers on hot paths may keep one). */
  public ForkChecksums forkChecksums() {
    return ForkChecksums.of(genesisHash, genesisTimestamp, forks);
  }

  /** The fork id we announce when our head block has this number and timestamp. */
  public ForkId forkId(long headNumber, long headTime) {
    return forkChecksums().forkId(headNumber, headTime);
  }

  /** A filter judging remote fork ids against this schedule. */
  public ForkFilter forkFilter() {
    return new ForkFilter(forkChecksums());
  }

  /** The same network with another fork schedule (an operator override from config). */
  public ChainSpec withForks(List<Fork> newForks) {
    return new ChainSpec(
        name, chainId, networkId, genesisHash, genesisHeader, genesisTimestamp, newForks, merge,
        bootnodes);
  }

  /** The same network with other bootnodes. */
  public ChainSpec withBootnodes(List<String> newBootnodes) {
    return new ChainSpec(
        name, chainId, networkId, genesisHash, genesisHeader, genesisTimestamp, forks, merge,
        newBootnodes);
  }

  private static void checkForkOrder(String network, List<Fork> forks) {
    Set<String> names = new HashSet<>();
    Fork previous = null;
    for (Fork f : forks) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException(network + ": fork " + f.name() + " is listed twice");
      }
      if (previous != null) {
        if (previous.basis() == Fork.Basis.TIMESTAMP && f.basis() == Fork.Basis.BLOCK) {
          throw new IllegalArgumentException(
              network + ": block fork " + f.name() + " follows timestamp fork " + previous.name()
                  + " (EIP-6122: block forks come first)");
        }
        if (previous.basis() == f.basis() && f.at() < previous.at()) {
          throw new IllegalArgumentException(
              network + ": fork " + f.name() + " at " + f.at() + " is scheduled before "
                  + previous.name() + " at " + previous.at());
        }
      }
      previous = f;
    }
  }
}
