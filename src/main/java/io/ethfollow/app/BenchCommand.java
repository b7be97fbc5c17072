package io.ethfollow.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ethfollow.chain.BlockBody;
import io.ethfollow.chain.BlockHeader;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.store.BlockData;
import io.ethfollow.store.BlockStore;
import io.ethfollow.store.RocksBlockStore;
import io.ethfollow.store.StoredBlock;
import io.ethfollow.sync.BlockAssembler;
import io.ethfollow.wire.eth.EthMessage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ethfollow bench ...}: measurements of the daemon's own parts, printed as JSON. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure parts of the daemon.",
    subcommands = {BenchCommand.Pipeline.class})
final class BenchCommand extends SubcommandGroup {

  /**
   * {@code ethfollow bench pipeline --source DIR --data-dir DIR}: the ingest pipeline without the
   * network — every block of a store (for example a devnet producer's prefilled one) is read as the
   * bytes a peer would send, decoded, verified against its header exactly as sync does ({@link
   * BlockAssembler}) and written to a fresh store in batches, one WriteBatch each. The figure is the
   * ceiling a networked sync of the same blocks can reach on this machine.
   */
  @Command(name = "pipeline", mixinStandardHelpOptions = true,
      description = "Decode, verify and write a store's blocks into a fresh store; print JSON figures.")
  static final class Pipeline implements Callable<Integer> {
    /** The blocks per write in fast sync: one peer answer at the largest batch size (SyncConfig.maxBatch). */
    private static final int BATCH = 128;

    @Spec CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "DIR", description = "Store to read blocks from (opened read-only).")
    Path source;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Fresh store to write into (must not exist or be empty).")
    Path dataDir;

    @Option(names = "--from", paramLabel = "N", description = "First block (default: the source's sync start + 1).")
    Long from;

    @Option(names = "--to", paramLabel = "N", description = "Last block (default: the source's head).")
    Long to;

    @Override
    public Integer call() throws Exception {
      LoggingSetup.forTools();
      ExistingDir.requireExisting("--source", source);
      if (Files.exists(dataDir) && (!Files.isDirectory(dataDir) || Files.list(dataDir).findAny().isPresent())) {
        throw new CliException("--data-dir: must not exist or be empty: " + dataDir);
      }
      try (BlockStore in = RocksBlockStore.openExisting(source, true)) {
        long first = from != null ? from : in.syncStart().orElse(0) + 1;
        long last = to != null ? to : in.localHead().orElseThrow(() -> new CliException("--source: empty store")).number();
        if (last < first) {
          throw new CliException("--to " + last + " is below --from " + first);
        }
        try (BlockStore out = RocksBlockStore.open(dataDir, in.identity())) {
          out.setSyncStart(first);
          return run(in, out, first, last);
        }
      }
    }

    private int run(BlockStore in, BlockStore out, long first, long last) {
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      long readNs = 0;
      long verifyNs = 0;
      long writeNs = 0;
      long blocks = 0;
      long bytes = 0;
      long failed = 0;
      for (long n = first; n <= last; n += BATCH) {
        long a = System.nanoTime();
        List<StoredBlock> raw = new ArrayList<>(BATCH);
        long end = Math.min(last, n + BATCH - 1);
        in.forEachCanonical(n, b -> {
          if (b.number() > end) {
            return false;
          }
          raw.add(b);
          return true;
        });
        long b = System.nanoTime();
        List<BlockHeader> headers = new ArrayList<>(raw.size());
        List<BlockBody> bodies = new ArrayList<>(raw.size());
        List<EthMessage.BlockReceipts> receipts = new ArrayList<>(raw.size());
        for (StoredBlock s : raw) {
          BlockHeader header = BlockHeader.decode(s.header());
          BlockBody body = BlockBody.decode(s.body());
          if (!BlockVerifier.verifyBody(header, body).passed()) { // what BodiesRequest checks on arrival
            break;
          }
          headers.add(header);
          bodies.add(body);
          receipts.add(EthMessage.BlockReceipts.fromEth69(s.receipts()));
          bytes += s.header().length + s.body().length + s.receipts().length;
        }
        BlockAssembler.Assembled done = BlockAssembler.assemble(headers, bodies, receipts);
        failed += raw.size() - done.blocks().size();
        long c = System.nanoTime();
        List<BlockData> verified = done.blocks();
        if (!verified.isEmpty()) {
          out.writeBlocks(verified);
        }
        long d = System.nanoTime();
        readNs += b - a;
        verifyNs += c - b;
        writeNs += d - c;
        blocks += verified.size();
      }
      out.flush();
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
      ObjectNode json = new ObjectMapper().createObjectNode();
      json.put("from", first);
      json.put("to", last);
      json.put("blocks", blocks);
      json.put("failedVerification", failed);
      json.put("payloadBytes", bytes);
      json.put("seconds", round(seconds));
      json.put("blocksPerSec", round(blocks / seconds));
      json.put("payloadMBps", round(bytes / seconds / 1e6));
      json.put("cpuSeconds", round(cpuSeconds));
      json.put("cpuSecondsPer1000Blocks", round(cpuSeconds * 1000 / Math.max(1, blocks)));
      json.put("readSeconds", round(readNs / 1e9));
      json.put("decodeVerifySeconds", round(verifyNs / 1e9));
      json.put("writeSeconds", round(writeNs / 1e9));
      spec.commandLine().getOut().println(json.toString());
      spec.commandLine().getOut().flush();
      return failed == 0 ? ExitCode.OK : ExitCode.FAILURE;
    }

    private static double round(double v) {
      return Math.round(v * 100) / 100.0;
    }
  }
}
