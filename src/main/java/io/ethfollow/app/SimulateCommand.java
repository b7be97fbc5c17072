package io.ethfollow.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ethfollow.sim.BuiltInScenarios;
import io.ethfollow.sim.ScenarioException;
import io.ethfollow.sim.ScenarioSpec;
import io.ethfollow.sim.Simulation;
import io.ethfollow.sim.SimulationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ethfollow simulate --scenario NAME|FILE [--seed N] [--duration SECONDS]}: runs the real sync
 * core against simulated peers in virtual time (docs/simulation.md) and prints one JSON report on
 * stdout; logs (JSON, INFO unless ETHFOLLOW_LOG_LEVEL says otherwise) go to stderr and are counted.
 * Exit 0 when the run completed, whatever the figures; 2 for an unknown name or a bad scenario file.
 * Runs on the main thread; the store lives in a temp dir deleted afterwards.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Run the sync engine against simulated peers in virtual time and print a JSON report.")
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--scenario", required = true, paramLabel = "NAME|FILE",
      description = "A built-in scenario (stale-peers, reprobe, tip-backoff, catch-up, reorgs, faulty-peers, "
          + "outage) or a JSON scenario file.")
  String scenario;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the peers' random behaviour (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--duration", paramLabel = "SECONDS",
      description = "Override the scenario's virtual duration, in seconds.")
  Long durationSeconds;

  @Override
  public Integer call() {
    ScenarioSpec scenarioSpec = resolve();
    if (durationSeconds != null) {
      if (durationSeconds < 1) {
        throw new CliException("--duration must be at least 1 second, got " + durationSeconds);
      }
      scenarioSpec = scenarioSpec.withDuration(durationSeconds);
    }
    LoggingSetup.forTools("info");
    Path dir = tempDir();
    LogTally tally = LogTally.attach();
    long startNanos = System.nanoTime();
    SimulationReport report;
    try {
      report = new Simulation(scenarioSpec, seed, dir).run();
    } finally {
      tally.detach();
      deleteTree(dir);
    }
    long wallMillis = (System.nanoTime() - startNanos) / 1_000_000;
    report = report.withOutsideMeasures(tally.lines(), tally.suppressed(), wallMillis);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    spec.commandLine().getOut().println(json.valueToTree(report).toPrettyString());
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  /** A built-in name, else a file; both problems are exit 2 with a one-line reason. */
  private ScenarioSpec resolve() {
    var builtIn = BuiltInScenarios.named(scenario);
    if (builtIn.isPresent()) {
      return builtIn.get();
    }
    Path file = Path.of(scenario);
    if (!Files.isRegularFile(file)) {
      throw new CliException("--scenario: '" + scenario + "' is neither a built-in scenario ("
          + String.join(", ", BuiltInScenarios.names()) + ") nor a readable file");
    }
    try {
      return ScenarioSpec.parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    } catch (IOException e) {
      throw new CliException("--scenario: cannot read " + file + ": " + e.getMessage());
    } catch (ScenarioException e) {
      throw new CliException("scenario " + file + ": " + e.getMessage());
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("ethfollow-sim");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover temp dir is harmless
    }
  }
}
