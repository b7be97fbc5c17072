package io.ethfollow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations files: {@code scripts/install.sh} (staged with DESTDIR, so no root and no system
 * change), the installed launcher finding its jar, and {@code scripts/ethfollow.service} passing
 * {@code systemd-analyze verify} where that tool exists.
 */
class InstallAndUnitTest {
  private static final Path REPO = Path.of("").toAbsolutePath();

  @TempDir Path tmp;

  private record Run(int exitCode, String out) {}

  private static Run run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("ETHFOLLOW_JAR");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  /** Installs into {@code tmp/root} with a stand-in jar; returns the staging root. */
  private Path stagedInstall() throws Exception {
    Path jar = Files.writeString(tmp.resolve("stand-in.jar"), "not really a jar");
    Path root = tmp.resolve("root");
    Run r =
        run(Map.of("DESTDIR", root.toString(), "ETHFOLLOW_BUILD_JAR", jar.toString()),
            "bash", REPO.resolve("scripts/install.sh").toString());
    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(r.out()).contains("systemctl enable --now ethfollow");
    return root;
  }

  @Test
  void installPutsJarLauncherUnitAndConfigInTheSystemLayout() throws Exception {
    Path root = stagedInstall();
    assertThat(root.resolve("usr/lib/ethfollow/lib/ethfollow.jar")).hasContent("not really a jar");
    assertThat(Files.isExecutable(root.resolve("usr/lib/ethfollow/bin/ethfollow"))).isTrue();
    assertThat(root.resolve("etc/systemd/system/ethfollow.service"))
        .hasSameTextualContentAs(REPO.resolve("scripts/ethfollow.service"));
    assertThat(root.resolve("etc/ethfollow/logback-file.xml")).exists();
    assertThat(root.resolve("usr/lib/ethfollow/docs/operations.md")).exists();
  }

  @Test
  void installKeepsConfigFilesTheOperatorAlreadyHas() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("etc/ethfollow"));
    Files.writeString(root.resolve("etc/ethfollow/logback-file.xml"), "edited");
    stagedInstall();
    assertThat(root.resolve("etc/ethfollow/logback-file.xml")).hasContent("edited");
  }

  @Test
  void installedLauncherRunsTheJarFromLibWithTheJavaOpts() throws Exception {
    Path root = stagedInstall();
    Path fakeBin = Files.createDirectories(tmp.resolve("fakebin"));
    Path java = Files.writeString(fakeBin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Run r =
        run(Map.of("PATH", fakeBin + ":" + System.getenv("PATH"), "ETHFOLLOW_JAVA_OPTS", "-Xmx1g"),
            root.resolve("usr/lib/ethfollow/bin/ethfollow").toString(), "run");
    assertThat(r.exitCode()).as(r.out()).isZero();
    Path expected = root.resolve("usr/lib/ethfollow/bin/../lib/ethfollow.jar");
    assertThat(r.out().trim()).isEqualTo("java -Xmx1g -jar " + expected + " run");
  }

  @Test
  void dryRunPrintsTheStepsAndChangesNothing() throws Exception {
    Path root = tmp.resolve("root");
    Run r = run(Map.of("DESTDIR", root.toString()), "bash", REPO.resolve("scripts/install.sh").toString(), "--dry-run");
    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(r.out()).contains("would run: install", root + "/etc/systemd/system/ethfollow.service");
    assertThat(root).doesNotExist();
  }

  @Test
  void installRefusesToRunWithoutRoot() throws Exception {
    assumeTrue(!"0".equals(run(Map.of(), "id", "-u").out().trim()), "running as root");
    Run r = run(Map.of(), "bash", REPO.resolve("scripts/install.sh").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).contains("must run as root");
  }

  @Test
  void unitPassesSystemdAnalyzeVerify() throws Exception {
    assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed here");
    Path root = stagedInstall();
    // verify checks that ExecStart exists, so point it at the staged copy of the launcher.
    String unit =
        Files.readString(root.resolve("etc/systemd/system/ethfollow.service"))
            .replace("/usr/lib/ethfollow/", root.resolve("usr/lib/ethfollow") + "/")
            .replace("/etc/ethfollow/", root.resolve("etc/ethfollow") + "/");
    Path copy = Files.writeString(Files.createDirectories(tmp.resolve("units")).resolve("ethfollow.service"), unit);
    Run r = run(Map.of("SYSTEMD_LOG_LEVEL", "warning"), "systemd-analyze", "verify", copy.toString());
    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(r.out()).as("warnings about our unit").doesNotContain("ethfollow.service:");
  }

  @Test
  void unitRunsTheInstalledLauncherHardenedWithTheAgreedLimits() throws IOException {
    List<String> lines = Files.readAllLines(REPO.resolve("scripts/ethfollow.service"));
    assertThat(lines)
        .contains(
            "Type=notify", "NotifyAccess=main", "WatchdogSec=60", "WatchdogSignal=SIGQUIT",
            "ExecStart=/usr/lib/ethfollow/bin/ethfollow run --config /etc/ethfollow/ethfollow.toml",
            "Restart=on-failure",
            "RestartSec=5", "DynamicUser=yes", "StateDirectory=ethfollow", "ProtectSystem=strict",
            "ProtectHome=yes", "NoNewPrivileges=yes", "PrivateTmp=yes", "MemoryMax=2G",
            "TimeoutStopSec=20", "LimitNOFILE=65536", "Environment=ETHFOLLOW_JAVA_OPTS=-Xmx1g");
  }

  @Test
  void theLauncherExecsJavaSoTheJvmIsTheProcessSystemdHearsFrom() throws IOException {
    // NotifyAccess=main: a launcher that forked java would leave the JVM's datagrams ignored.
    List<String> lines = Files.readAllLines(REPO.resolve("bin/ethfollow"));
    assertThat(lines.stream().filter(l -> l.contains("java ")).filter(l -> !l.startsWith("#")))
        .isNotEmpty()
        .allMatch(l -> l.startsWith("exec java "));
  }

  private static boolean onPath(String tool) {
    try (Stream<Path> dirs = Stream.of(System.getenv("PATH").split(":")).map(Path::of)) {
      return dirs.anyMatch(d -> Files.isExecutable(d.resolve(tool)));
    }
  }
}
