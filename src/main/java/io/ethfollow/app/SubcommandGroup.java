package io.ethfollow.app;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code ethfollow block}, {@code db}, {@code peer},
 * {@code bench}, {@code devnet}): run on its own it is a usage error (exit 2) naming its
 * subcommands. Runs on the main thread.
 */
abstract class SubcommandGroup implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    List<String> names = spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
    throw new ParameterException(spec.commandLine(), "missing subcommand: " + String.join(" or ", names));
  }
}
