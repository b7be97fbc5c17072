package io.ethfollow.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ethfollow} executable: parses the command line and maps failures to exit codes (0 ok,
 * 1 runtime failure or failed check, 2 bad usage or input, with a one-line reason on stderr). Runs
 * on the main thread; the {@code run} command blocks it until the daemon stops.
 */
@Command(
    name = "ethfollow",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Ethereum execution-layer follow-sync daemon.",
    subcommands = {
      RunCommand.class,
      RpcCommand.class,
      BlockCommand.class,
      VerifyCommand.class,
      DbCommand.class,
      ConfigCommand.class,
      PeerCommand.class,
      SimulateCommand.class,
      BenchCommand.class,
      DevnetCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command (run, block check, verify, db stats; see --help)");
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(out, err, args));
  }

  /** Runs one command with the given streams and returns its exit code (used by tests too). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("ethfollow: " + ex.getMessage());
          err.println("Try 'ethfollow " + ex.getCommandLine().getCommandName() + " --help'.");
          err.flush();
          return ExitCode.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          int code = ErrorMapping.exitCode(ex);
          err.println("ethfollow: " + ErrorMapping.message(ex));
          err.flush();
          return code;
        });
    return cl.execute(args);
  }

  /** Supplies {@code --version} from the build. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ethfollow " + Version.VERSION};
    }
  }
}
