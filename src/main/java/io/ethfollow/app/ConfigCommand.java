package io.ethfollow.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ethfollow config check FILE} validates a daemon TOML file without starting anything;
 * {@code ethfollow config print-spec --network NAME} prints a built-in chain spec, the starting point
 * of an operator's {@code chain.spec-file}. Runs on the main thread.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Daemon configuration file tools.",
    subcommands = {ConfigCommand.Check.class, ConfigCommand.PrintSpec.class})
final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (check, print-spec)");
  }

  /** Prints {@code ok} and the effective settings (file plus defaults) as JSON, or fails with exit 2. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Validate a TOML config file; print ok and the effective settings as JSON (exit 0), or"
              + " the reason (exit 2).")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The TOML file to check.")
    Path file;

    @Override
    public Integer call() throws JsonProcessingException {
      Map<String, Object> settings = ConfigFile.load(file).withDefaults().asMap();
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      spec.commandLine().getOut().println("ok");
      spec.commandLine().getOut().println(json.writeValueAsString(settings));
      spec.commandLine().getOut().flush();
      return ExitCode.OK;
    }
  }

  /** Prints the built-in chain spec JSON of a network exactly as this release carries it. */
  @Command(
      name = "print-spec",
      mixinStandardHelpOptions = true,
      description =
          "Print the built-in chain spec (genesis, forks, bootnodes) of a network as JSON, to start"
              + " a chain.spec-file from.")
  static final class PrintSpec implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Option(
        names = "--network",
        paramLabel = "NAME",
        description = "mainnet, sepolia or hoodi (default: " + ChainSpecs.DEFAULT_NETWORK + ").")
    String network = ChainSpecs.DEFAULT_NETWORK;

    @Override
    public Integer call() {
      byte[] json;
      try {
        json = io.ethfollow.chain.ChainSpecFile.builtInJson(network);
      } catch (IllegalArgumentException e) {
        throw new CliException("--network: " + e.getMessage());
      }
      String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
      spec.commandLine().getOut().print(text.endsWith("\n") ? text : text + "\n");
      spec.commandLine().getOut().flush();
      return ExitCode.OK;
    }
  }
}
