package io.ethfollow.chain;

import java.util.Objects;

/**
 * One scheduled protocol upgrade: its name and the block number or timestamp at which it activates.
 * Names are free text so an operator can add a fork to a config without a new release; the well-known
 * names below are the ones code asks about (header layout, merge). Immutable and thread-safe.
 *
 * @param name fork name, for example {@code "london"} or {@code "prague"}
 * @param basis whether {@code at} is a block number or a unix timestamp
 * @param at the first block number, or the first block timestamp, at which the fork's rules apply
 */
public record Fork(String name, Basis basis, long at) {
  /** What a fork's activation value counts: pre-merge forks use blocks, later ones time (EIP-6122). */
  public enum Basis {
    BLOCK,
    TIMESTAMP
  }

  public static final String HOMESTEAD = "homestead";
  public static final String DAO = "dao";
  public static final String TANGERINE_WHISTLE = "eip150";
  public static final String SPURIOUS_DRAGON_155 = "eip155";
  public static final String SPURIOUS_DRAGON_158 = "eip158";
  public static final String BYZANTIUM = "byzantium";
  public static final String CONSTANTINOPLE = "constantinople";
  public static final String PETERSBURG = "petersburg";
  public static final String ISTANBUL = "istanbul";
  public static final String MUIR_GLACIER = "muirGlacier";
  public static final String BERLIN = "berlin";
  /** Adds baseFeePerGas to the header (16 fields). */
  public static final String LONDON = "london";
  public static final String ARROW_GLACIER = "arrowGlacier";
  public static final String GRAY_GLACIER = "grayGlacier";
  /** Paris, when a network scheduled it as a block (sepolia); mainnet's merge was by total difficulty. */
  public static final String MERGE_NETSPLIT = "mergeNetsplit";
  /** Adds withdrawalsRoot (17 fields). */
  public static final String SHANGHAI = "shanghai";
  /** Adds blobGasUsed, excessBlobGas and parentBeaconBlockRoot (20 fields). */
  public static final String CANCUN = "cancun";
  /** Adds requestsHash (21 fields). */
  public static final String PRAGUE = "prague";
  public static final String OSAKA = "osaka";

  public Fork {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(basis, "basis");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a fork needs a name");
    }
    if (at < 0) {
      throw new IllegalArgumentException("fork " + name + " activates at a negative value: " + at);
    }
  }

  public static Fork atBlock(String name, long block) {
    return new Fork(name, Basis.BLOCK, block);
  }

  public static Fork atTime(String name, long timestamp) {
    return new Fork(name, Basis.TIMESTAMP, timestamp);
  }

  /** True when a block with this number and timestamp runs under this fork's rules. */
  public boolean isActive(long number, long timestamp) {
    return basis == Basis.BLOCK ? number >= at : timestamp >= at;
  }

  @Override
  public String toString() {
    return name + (basis == Basis.BLOCK ? "@block " : "@time ") + at;
  }
}
