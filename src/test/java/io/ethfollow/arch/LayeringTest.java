package io.ethfollow.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the packages in data-flow order (DESIGN.md §2): each package may depend only on packages
 * above it in {@link #ORDER}. Also keeps wall-clock reads and sleeps inside the time and app
 * packages, so everything else runs in virtual time under test.
 */
class LayeringTest {
  /** Top to bottom: a package may import only packages listed before it. */
  static final List<String> ORDER =
      List.of(
          "time", "rlp", "chain", "wire", "discovery", "rlpx", "peer", "request", "network", "store",
          "sync", "sim", "devnet", "http", "rpc", "status", "app");

  static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ethfollow");
  }

  @Test
  void packagesImportOnlyPackagesAboveThem() {
    var arch = layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true);
    for (String p : ORDER) {
      arch = arch.layer(p).definedBy("io.ethfollow." + p + "..");
    }
    for (int i = 0; i < ORDER.size() - 1; i++) {
      String[] below = ORDER.subList(i + 1, ORDER.size()).toArray(new String[0]);
      arch = arch.whereLayer(ORDER.get(i)).mayOnlyBeAccessedByLayers(below);
    }
    arch = arch.whereLayer("app").mayNotBeAccessedByAnyLayer();
    arch.check(classes);
  }

  @Test
  void onlyTimeAndAppPackagesReadTheWallClockOrSleep() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.ethfollow.time..", "io.ethfollow.app..")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .because("time is injected (DESIGN.md: sync-core tests run in virtual time)")
        .check(classes);
  }

  /** One name for one thing: two top-level main classes never share a simple name. */
  @Test
  void noTwoMainClassesShareASimpleName() {
    java.util.Map<String, java.util.List<String>> byName = new java.util.TreeMap<>();
    for (com.tngtech.archunit.core.domain.JavaClass c : classes) {
      if (c.isTopLevelClass()) {
        byName.computeIfAbsent(c.getSimpleName(), k -> new java.util.ArrayList<>()).add(c.getName());
      }
    }
    byName.values().removeIf(names -> names.size() < 2);
    org.assertj.core.api.Assertions.assertThat(byName).as("simple names used twice").isEmpty();
  }
}
