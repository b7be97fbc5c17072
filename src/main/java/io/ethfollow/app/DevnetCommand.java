package io.ethfollow.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ethfollow devnet ...}: a local network of ethfollow block producers serving a generated,
 * verifiable chain over real RLPx, so sync can be tried and measured without the internet. See
 * docs/devnet.md.
 */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = "Local block producers serving a generated chain (init, serve).",
    subcommands = {DevnetInitCommand.class, DevnetServeCommand.class})
final class DevnetCommand extends SubcommandGroup {

  /** Parses a block time: a bare number is milliseconds (500), or a duration with a unit (12s). */
  static long blockTimeMillis(String text) {
    String t = text.strip();
    if (t.matches("[0-9]+")) {
      long ms = Long.parseLong(t);
      if (ms <= 0) {
        throw new CliException("--block-time must be positive, got '" + text + "'");
      }
      return ms;
    }
    return DurationArg.parse("--block-time", t).toMillis();
  }
}
