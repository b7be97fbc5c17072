package io.ethfollow.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ethfollow.chain.Block;
import io.ethfollow.chain.ChainSpec;
import io.ethfollow.chain.BlockVerifier;
import io.ethfollow.chain.Receipt;
import io.ethfollow.chain.ReceiptCodec;
import io.ethfollow.chain.VerificationReport;
import io.ethfollow.rlp.RlpException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ethfollow block ...}: offline tools for single blocks. */
@Command(
    name = "block",
    mixinStandardHelpOptions = true,
    description = "Offline checks of single blocks.",
    subcommands = {BlockCommand.Check.class})
final class BlockCommand extends SubcommandGroup {

  /**
   * {@code ethfollow block check --block FILE [--receipts FILE]}: decodes a block (and receipts in
   * eth/68 or eth/69 form), runs every verification and prints a JSON report. Exit 0 when all checks
   * pass, 1 when one fails, 2 when the input cannot be read or decoded.
   */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Verify one block (and its receipts) and print a JSON report.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--block",
        required = true,
        paramLabel = "FILE",
        description = "The block as RLP: binary, or hex text (0x optional).")
    Path blockFile;

    @Option(
        names = "--receipts",
        paramLabel = "FILE",
        description = "The block's receipt list as RLP (eth/68 or eth/69 form, detected).")
    Path receiptsFile;

    @Option(
        names = "--network",
        paramLabel = "NAME",
        description =
            "Also check the header layout against this built-in network's forks (mainnet, sepolia, hoodi).")
    String network;

    @Option(
        names = "--genesis",
        paramLabel = "FILE",
        description = "Also check the header layout against the forks of this genesis.json.")
    Path genesis;

    @Override
    public Integer call() {
      LoggingSetup.forTools();
      Block block = decode("--block", () -> Block.decode(InputFiles.readRlp("--block", blockFile)));
      List<Receipt> receipts = null;
      ReceiptCodec.Form form = null;
      if (receiptsFile != null) {
        byte[] raw = InputFiles.readRlp("--receipts", receiptsFile);
        form = decode("--receipts", () -> ReceiptCodec.detect(raw));
        ReceiptCodec.Form detected = form;
        receipts =
            decode(
                "--receipts",
                () ->
                    detected == ReceiptCodec.Form.ETH69
                        ? ReceiptCodec.decodeEth69(raw)
                        : ReceiptCodec.decodeEth68(raw));
      }
      VerificationReport report =
          receipts == null
              ? BlockVerifier.verifyBody(block.header(), block.body())
              : BlockVerifier.verify(block.header(), block.body(), receipts);
      if (network != null || genesis != null) {
        ChainSpec chain = ChainSpecs.resolve(network, genesis);
        report = BlockVerifier.verifyHeaderLayout(chain, block.header()).then(report);
      }
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode out = json.createObjectNode();
      out.put("number", block.number());
      out.put("hash", block.hash().toHex());
      out.put("parentHash", block.header().parentHash().toHex());
      out.put("timestamp", block.header().timestamp());
      out.put("headerFields", block.header().fieldCount());
      out.put("transactions", block.body().transactions().size());
      out.put("uncles", block.body().uncles().size());
      if (block.body().withdrawals() != null) {
        out.put("withdrawals", block.body().withdrawals().size());
      }
      if (receipts != null) {
        out.put("receipts", receipts.size());
        out.put("receiptsForm", form.name().toLowerCase(Locale.ROOT));
      }
      out.put("passed", report.passed());
      out.set("checks", json.valueToTree(report.checks()));
      spec.commandLine().getOut().println(out.toPrettyString());
      spec.commandLine().getOut().flush();
      return report.passed() ? ExitCode.OK : ExitCode.FAILURE;
    }

    private static <T> T decode(String flag, java.util.function.Supplier<T> decoder) {
      try {
        return decoder.get();
      } catch (RlpException e) {
        throw new CliException(flag + ": malformed RLP: " + e.getMessage());
      }
    }
  }
}
