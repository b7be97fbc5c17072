package io.ethfollow.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ethfollow.store.BlockRange;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.RocksBlockStore;
import io.ethfollow.store.StoreOptions;
import io.ethfollow.store.StoreRepair;
import io.ethfollow.store.StoreStats;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ethfollow db ...}: store inspection and repair. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Inspect or repair a store.",
    subcommands = {DbCommand.Stats.class, DbCommand.Repair.class})
final class DbCommand extends SubcommandGroup {

  /** {@code ethfollow db stats --data-dir DIR}: JSON counts and sizes; opens the store read-only. */
  @Command(name = "stats", mixinStandardHelpOptions = true, description = "Print store counts and sizes as JSON.")
  static final class Stats implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Store directory.")
    Path dataDir;

    @Override
    public Integer call() {
      LoggingSetup.forTools();
      ExistingDir.requireExisting("--data-dir", dataDir);
      try (BlockStore store = RocksBlockStore.openExisting(dataDir, true)) {
        StoreStats s = store.stats();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = json.createObjectNode();
        out.put("dataDir", dataDir.toString());
        out.put("network", s.identity().networkName());
        out.put("networkId", s.identity().networkId());
        out.put("genesisHash", s.identity().genesisHash().toHex());
        out.put("schemaVersion", s.schemaVersion());
        out.put("blocks", s.blocks());
        store.localHead()
            .ifPresent(h -> out.putObject("localHead").put("number", h.number()).put("hash", h.hash().toHex()));
        if (store.contiguousHead().isPresent()) {
          out.put("contiguousHead", store.contiguousHead().getAsLong());
        }
        ArrayNode ranges = out.putArray("completedRanges");
        for (BlockRange r : s.completedRanges()) {
          ranges.addObject().put("from", r.from()).put("to", r.to());
        }
        out.put("bytes", s.totalBytes());
        ArrayNode cfs = out.putArray("columnFamilies");
        for (StoreStats.ColumnFamilyStats cf : s.columnFamilies()) {
          cfs.addObject()
              .put("name", cf.name())
              .put("estimatedKeys", cf.estimatedKeys())
              .put("bytes", cf.bytes())
              .put("sstBytes", cf.sstBytes())
              .put("memtableBytes", cf.memtableBytes());
        }
        spec.commandLine().getOut().println(out.toPrettyString());
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
      }
    }
  }

  /**
   * {@code ethfollow db repair --data-dir DIR}: rebuilds a damaged store from every block that
   * still reads intact ({@link StoreRepair}); the damaged blocks become holes in the completed
   * ranges, which the next {@code ethfollow run} fetches and verifies again from peers. The daemon
   * must be stopped. Prints a JSON report; exit 0 when the store is now intact (repaired, or
   * nothing was damaged), 2 when the directory is not a store or is in use.
   */
  @Command(
      name = "repair",
      mixinStandardHelpOptions = true,
      description = "Rebuild a damaged store without its damaged blocks (sync refetches them).")
  static final class Repair implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--data-dir",
        required = true,
        paramLabel = "DIR",
        description = "Store directory.")
    Path dataDir;

    @Override
    public Integer call() {
      LoggingSetup.forTools();
      ExistingDir.requireExisting("--data-dir", dataDir);
      StoreRepair.Result r = new StoreRepair(dataDir, StoreOptions.defaults()).run();
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode out = json.createObjectNode();
      out.put("dataDir", dataDir.toString());
      out.put("repaired", r.repaired());
      out.put("blocksKept", r.blocksKept());
      out.put("blocksDropped", r.dropped().size());
      out.set("droppedBlocks", json.valueToTree(r.dropped()));
      out.set("damagedFiles", json.valueToTree(r.damagedFiles()));
      ArrayNode ranges = out.putArray("completedRanges");
      for (BlockRange range : r.completedRanges().ranges()) {
        ranges.addObject().put("from", range.from()).put("to", range.to());
      }
      if (r.damagedCopy() != null) {
        out.put("damagedCopy", r.damagedCopy().toString());
      }
      out.put("next", r.repaired()
          ? "run `ethfollow verify --data-dir " + dataDir + "`, start the daemon (it fetches the"
              + " dropped blocks again), then delete " + r.damagedCopy()
          : "nothing is damaged; the store was left unchanged");
      spec.commandLine().getOut().println(out.toPrettyString());
      spec.commandLine().getOut().flush();
      return ExitCode.OK;
    }
  }
}
