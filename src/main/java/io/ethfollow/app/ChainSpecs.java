package io.ethfollow.app;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.GenesisJson;
import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses the chain from {@code --network} / {@code --genesis}, with one-line errors. */
final class ChainSpecs {
  /** Without flags the daemon follows mainnet, as operators of an Ethereum node expect. */
  static final String DEFAULT_NETWORK = "mainnet";

  private ChainSpecs() {}

  /**
   * @throws CliException for conflicting flags, an unknown network name or an unreadable file;
   *     a malformed genesis.json raises GenesisException (also exit code 2)
   */
  static ChainSpec resolve(String network, Path genesis) {
    if (network != null && genesis != null) {
      throw new CliException("use either --network or --genesis, not both");
    }
    if (genesis != null) {
      if (!Files.isRegularFile(genesis) || !Files.isReadable(genesis)) {
        throw new CliException("--genesis: cannot read file " + genesis);
      }
      return GenesisJson.load(genesis);
    }
    try {
      return ChainSpec.named(network == null ? DEFAULT_NETWORK : network);
    } catch (IllegalArgumentException e) {
      throw new CliException("--network: " + e.getMessage());
    }
  }
}
