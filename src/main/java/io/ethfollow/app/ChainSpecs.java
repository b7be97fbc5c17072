package io.ethfollow.app;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.ChainSpecFile;
import io.ethfollow.chain.Fork;
import io.ethfollow.chain.GenesisException;
import io.ethfollow.chain.GenesisJson;
import io.ethfollow.wire.Enode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the chain from {@code --network} / {@code --genesis} / {@code --spec-file} (or their config
 * keys) and applies a {@code --bootnodes} override, with one-line errors naming the setting. Stateless;
 * called on the main thread before anything starts.
 */
final class ChainSpecs {
  /** Without flags the daemon follows mainnet, as operators of an Ethereum node expect. */
  static final String DEFAULT_NETWORK = "mainnet";

  private ChainSpecs() {}

  /**
   * @throws CliException for conflicting flags, an unknown network name or an unreadable file;
   *     a malformed genesis.json raises GenesisException (also exit code 2)
   */
  static ChainSpec resolve(String network, Path genesis) {
    return resolve(network, genesis, null);
  }

  /**
   * As {@link #resolve(String, Path)}, with an ethfollow chain spec file ({@code --spec-file}) as the
   * third, exclusive choice.
   */
  static ChainSpec resolve(String network, Path genesis, Path specFile) {
    int chosen = (network != null ? 1 : 0) + (genesis != null ? 1 : 0) + (specFile != null ? 1 : 0);
    if (chosen > 1) {
      throw new CliException("use only one of --network, --genesis and --spec-file");
    }
    if (specFile != null) {
      return load("--spec-file", specFile);
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

  /**
   * Loads and checks an ethfollow chain spec file (the format of the built-in specs, see
   * {@link ChainSpecFile}): JSON, required keys, fork order, and every bootnode a valid enode URL.
   *
   * @param setting names the flag or config key in the error, e.g. {@code config: chain.spec-file}
   * @throws CliException one line naming the setting, the file and the bad key
   */
  static ChainSpec load(String setting, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new CliException(setting + ": cannot read file " + file);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException(setting + ": cannot read file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    ChainSpec spec;
    try {
      spec = ChainSpecFile.parse(bytes, file.toString());
    } catch (GenesisException e) {
      throw new CliException(setting + ": " + oneLine(e.getMessage()));
    }
    for (int i = 0; i < spec.bootnodes().size(); i++) {
      try {
        Enode.parse(spec.bootnodes().get(i));
      } catch (IllegalArgumentException e) {
        throw new CliException(setting + ": " + file + ": bootnodes[" + i + "]: " + oneLine(e.getMessage()));
      }
    }
    return spec;
  }

  /**
   * {@code spec} with the operator's bootnodes instead of its own, when {@code bootnodes} is given;
   * each must be an enode URL.
   *
   * @param setting names the flag or config key in the error
   */
  static ChainSpec withBootnodes(ChainSpec spec, List<String> bootnodes, String setting) {
    if (bootnodes == null) {
      return spec;
    }
    List<String> urls = new ArrayList<>();
    for (Enode e : EnodeList.parse(setting, bootnodes)) {
      urls.add(e.toUrl());
    }
    return spec.withBootnodes(urls);
  }

  /**
   * Forks the built-in spec of the same network schedules that {@code spec} does not: a spec file
   * written for an older release falls behind the next upgrade silently otherwise. Empty when
   * {@code spec} is not a built-in network's genesis (a custom chain has nothing to compare with).
   */
  static List<String> forksMissingFromBuiltIn(ChainSpec spec) {
    for (String name : ChainSpec.builtInNames()) {
      ChainSpec builtIn = ChainSpec.named(name);
      if (builtIn.genesisHash().equals(spec.genesisHash()) && builtIn.networkId() == spec.networkId()) {
        List<String> missing = new ArrayList<>();
        for (Fork f : builtIn.forks()) {
          if (spec.fork(f.name()).isEmpty()) {
            missing.add(f.name());
          }
        }
        return missing;
      }
    }
    return List.of();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
