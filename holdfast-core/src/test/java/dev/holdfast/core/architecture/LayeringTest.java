package dev.holdfast.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Holds the layers of holdfast-core in place (docs/DESIGN.md, "Layers"). */
class LayeringTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.holdfast.core");
  }

  @Test
  void layersOnlyUseLayersBelowThem() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Failures")
        .definedBy("dev.holdfast.core")
        .layer("Ids")
        .definedBy("dev.holdfast.core.id..")
        .layer("Concurrent") // bottom layer, like Failures and Ids: any layer may use it
        .definedBy("dev.holdfast.core.concurrent..")
        .layer("Storage")
        .definedBy("dev.holdfast.core.storage..")
        .layer("Crypto")
        .definedBy("dev.holdfast.core.crypto..")
        .layer("Cache")
        .definedBy("dev.holdfast.core.cache..")
        .layer("Chunking")
        .definedBy("dev.holdfast.core.chunking..")
        .layer("Content")
        .definedBy("dev.holdfast.core.content..")
        .layer("Snapshot")
        .definedBy("dev.holdfast.core.snapshot..")
        .layer("Retention")
        .definedBy("dev.holdfast.core.retention..")
        .layer("Select")
        .definedBy("dev.holdfast.core.select..")
        .layer("Repository")
        .definedBy("dev.holdfast.core.repository..")
        .layer("Lock")
        .definedBy("dev.holdfast.core.lock..")
        .layer("Jobs")
        .definedBy(
            "dev.holdfast.core.backup..",
            "dev.holdfast.core.restore..",
            "dev.holdfast.core.check..",
            "dev.holdfast.core.browse..",
            "dev.holdfast.core.stats..",
            "dev.holdfast.core.prune..",
            "dev.holdfast.core.copy..",
            "dev.holdfast.core.forget..")
        .whereLayer("Jobs")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Lock")
        .mayOnlyBeAccessedByLayers("Jobs")
        .whereLayer("Repository")
        .mayOnlyBeAccessedByLayers("Lock", "Jobs")
        .whereLayer("Select")
        .mayOnlyBeAccessedByLayers("Jobs")
        .whereLayer("Retention")
        .mayOnlyBeAccessedByLayers("Jobs")
        .whereLayer("Snapshot")
        .mayOnlyBeAccessedByLayers("Repository", "Jobs", "Retention")
        .whereLayer("Content")
        .mayOnlyBeAccessedByLayers("Snapshot", "Repository", "Jobs")
        .whereLayer("Chunking")
        .mayOnlyBeAccessedByLayers("Content", "Repository", "Jobs")
        .whereLayer("Cache")
        .mayOnlyBeAccessedByLayers("Snapshot", "Repository", "Jobs")
        .whereLayer("Crypto")
        .mayOnlyBeAccessedByLayers("Cache", "Content", "Snapshot", "Repository", "Lock", "Jobs")
        .whereLayer("Storage")
        .mayOnlyBeAccessedByLayers("Content", "Snapshot", "Repository", "Lock", "Jobs")
        .check(core);
  }

  @Test
  void jobsDoNotDependOnEachOther() {
    String[] jobs = {"backup", "restore", "check", "browse", "stats", "prune", "copy", "forget"};
    for (String job : jobs) {
      for (String other : jobs) {
        if (!job.equals(other)) {
          noClasses()
              .that()
              .resideInAPackage("dev.holdfast.core." + job + "..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage("dev.holdfast.core." + other + "..")
              .check(core);
        }
      }
    }
  }

  @Test
  void coreReadsTimeOnlyFromAnInjectedClock() {
    noClasses()
        .should()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.OffsetDateTime.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .because("time comes from an injected java.time.Clock (STYLE.md)")
        .check(core);
  }
}
