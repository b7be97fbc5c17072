package io.ethfollow.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.store.BlockRange;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.RocksBlockStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ethfollow verify --data-dir DIR}: re-verifies every stored block (hash, parent links, every
 * root, bloom, gas), that every range the checkpoint calls complete is really present, and every
 * table file's checksums; lists every damaged block and file and keeps going past them. Opens the
 * store read-only, so it can run beside a stopped daemon without changing anything. Prints a JSON
 * summary; exit 0 when nothing is wrong, 1 on any problem, 2 when the directory is not a store.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Re-verify every stored block and print a JSON summary.")
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Store directory.")
  Path dataDir;

  @Option(
      names = "--max-problems",
      paramLabel = "N",
      defaultValue = "100",
      description = "List at most N problems in the report (all are counted; default ${DEFAULT-VALUE}).")
  int maxProblems;

  @Override
  public Integer call() {
    LoggingSetup.forTools();
    ExistingDir.requireExisting("--data-dir", dataDir);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try (BlockStore store = RocksBlockStore.openExisting(dataDir, true)) {
      StoreVerifier.Result r = new StoreVerifier(store, builtInChain(store), maxProblems).run();
      ObjectNode out = json.createObjectNode();
      out.put("dataDir", dataDir.toString());
      out.put("network", store.identity().networkName());
      out.put("networkId", store.identity().networkId());
      out.put("genesisHash", store.identity().genesisHash().toHex());
      out.put("blocks", r.blocks());
      if (r.blocks() > 0) {
        out.put("firstBlock", r.firstBlock());
        out.put("lastBlock", r.lastBlock());
      }
      ArrayNode ranges = out.putArray("completedRanges");
      for (BlockRange range : store.completedRanges().ranges()) {
        ranges.addObject().put("from", range.from()).put("to", range.to());
      }
      if (store.contiguousHead().isPresent()) {
        out.put("contiguousHead", store.contiguousHead().getAsLong());
      }
      out.put("headerLayoutChecked", builtInChain(store) != null);
      out.put("problemCount", r.problemCount());
      out.set("problems", json.valueToTree(r.problems()));
      out.set("damagedBlocks", json.valueToTree(r.damagedBlocks()));
      out.set("damagedFiles", json.valueToTree(r.damagedFiles()));
      out.put("passed", r.problemCount() == 0);
      spec.commandLine().getOut().println(out.toPrettyString());
      spec.commandLine().getOut().flush();
      return r.problemCount() == 0 ? ExitCode.OK : ExitCode.FAILURE;
    }
  }

  /** The built-in network the store belongs to (same name and genesis), or null for a custom one. */
  static ChainSpec builtInChain(BlockStore store) {
    String name = store.identity().networkName();
    if (!ChainSpec.builtInNames().contains(name)) {
      return null;
    }
    ChainSpec spec = ChainSpec.named(name);
    return spec.genesisHash().equals(store.identity().genesisHash())
            && spec.networkId() == store.identity().networkId()
        ? spec
        : null;
  }
}
