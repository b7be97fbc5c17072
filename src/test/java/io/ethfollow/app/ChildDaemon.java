package io.ethfollow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `ethfollow` as a real child JVM (the test classpath), with stdout and stderr in files (pipes can
 * lose their tail when the process exits), and helpers to wait for a JSON log event.
 */
record ChildDaemon(Process process, Path out, Path err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Local-only network flags every test daemon gets: loopback, free ports, no discovery. */
  static final List<String> LOOPBACK =
      List.of("--status-addr", "127.0.0.1:0", "--rpc-addr", "127.0.0.1:0", "--port", "0",
          "--listen-addr", "127.0.0.1", "--no-discovery");

  static ChildDaemon start(Path dir, String name, String... args) throws Exception {
    return start(dir, name, Map.of(), List.of(), args);
  }

  /**
   * As {@link #start(Path, String, String...)}, with more environment variables and a command the
   * java command line is appended to ({@code wrapper}: empty, or a shell that sets a limit and
   * execs the rest, so the JVM stays the child process).
   */
  static ChildDaemon start(
      Path dir, String name, Map<String, String> env, List<String> wrapper, String... args)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(wrapper);
    cmd.addAll(List.of(java, "-Xmx256m", "-cp", cp, Main.class.getName()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    return new ChildDaemon(pb.start(), out, err);
  }

  String stderr() throws Exception {
    return Files.readString(err);
  }

  /** Log lines written so far (complete lines only). */
  List<String> lines() throws Exception {
    String text = Files.readString(out);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }

  /** Waits up to 60 s for a log line with this {@code event}. */
  JsonNode awaitEvent(String event) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (String line : lines()) {
        JsonNode n = JSON.readTree(line);
        if (event.equals(n.path("event").asText())) {
          return n;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + event + "' event; log: " + lines() + " stderr: " + stderr());
  }
}
