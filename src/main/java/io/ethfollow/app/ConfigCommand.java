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

/** {@code ethfollow config check FILE}: validates a daemon TOML file without starting anything. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Daemon configuration file tools.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (check)");
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
}
