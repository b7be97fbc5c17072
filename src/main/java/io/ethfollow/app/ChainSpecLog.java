package io.ethfollow.app;

import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.Fork;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up which chain spec the daemon runs with (built-in or an operator's file, the last
 * fork, the bootnodes' origin), and warns when an operator's file lacks a fork this release's
 * built-in spec of the same network has. Stateless; called once on the main thread.
 */
final class ChainSpecLog {
  private static final Logger LOG = LoggerFactory.getLogger(ChainSpecLog.class);

  private ChainSpecLog() {}

  static void loaded(ChainSpec spec, Path specFile, boolean bootnodesOverridden) {
    List<Fork> forks = spec.forks();
    LOG.atInfo()
        .setMessage("chain spec loaded")
        .addKeyValue("event", "chain_spec")
        .addKeyValue("network", spec.name())
        .addKeyValue("source", specFile == null ? "built-in" : specFile.toString())
        .addKeyValue("forks", forks.size())
        .addKeyValue("lastFork", forks.isEmpty() ? null : forks.get(forks.size() - 1).name())
        .addKeyValue("bootnodes", spec.bootnodes().size())
        .addKeyValue("bootnodesFrom", bootnodesOverridden ? "config" : "chain spec")
        .log();
    if (specFile == null) {
      return;
    }
    List<String> missing = ChainSpecs.forksMissingFromBuiltIn(spec);
    if (!missing.isEmpty()) {
      LOG.atWarn()
          .setMessage(
              "the spec file lacks forks this release knows for the network: peers past them will"
                  + " reject us; regenerate it with `ethfollow config print-spec`")
          .addKeyValue("event", "spec_file_missing_forks")
          .addKeyValue("file", specFile.toString())
          .addKeyValue("missing", String.join(",", missing))
          .log();
    }
  }
}
