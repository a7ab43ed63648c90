package dev.holdfast.tls.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Holds the packages of holdfast-tls in their layers and keeps time behind an injected clock. */
class TlsArchitectureTest {
  private static JavaClasses tls;

  @BeforeAll
  static void importTls() {
    tls =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.holdfast.tls");
  }

  @Test
  void packagesOnlyUseTheLayersBelowThem() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Failures")
        .definedBy("dev.holdfast.tls")
        .layer("Material")
        .definedBy("dev.holdfast.tls.material..")
        .layer("Ca")
        .definedBy("dev.holdfast.tls.ca..")
        .layer("Trust")
        .definedBy("dev.holdfast.tls.trust..")
        .layer("Authority")
        .definedBy("dev.holdfast.tls.authority..")
        .layer("Renewal")
        .definedBy("dev.holdfast.tls.renewal..")
        .layer("Reload")
        .definedBy("dev.holdfast.tls.reload..")
        .layer("Folder")
        .definedBy("dev.holdfast.tls.folder..")
        .layer("Expiry")
        .definedBy("dev.holdfast.tls.expiry..")
        .layer("Metrics")
        .definedBy("dev.holdfast.tls.metrics..")
        .whereLayer("Metrics")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Expiry")
        .mayOnlyBeAccessedByLayers("Metrics")
        .whereLayer("Folder")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Reload")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Renewal")
        .mayOnlyBeAccessedByLayers("Folder", "Expiry")
        .whereLayer("Authority")
        .mayOnlyBeAccessedByLayers("Folder")
        .whereLayer("Trust")
        .mayOnlyBeAccessedByLayers("Reload")
        .whereLayer("Ca")
        .mayOnlyBeAccessedByLayers("Authority", "Renewal", "Folder")
        .whereLayer("Material")
        .mayOnlyBeAccessedByLayers(
            "Ca", "Trust", "Authority", "Renewal", "Reload", "Folder", "Expiry", "Metrics")
        .check(tls);
  }

  @Test
  void tlsReadsTimeOnlyFromAnInjectedClock() {
    noClasses()
        .should()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.OffsetDateTime.class, "now")
        .orShould()
        .callMethod(java.time.ZonedDateTime.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callConstructor(java.util.Date.class)
        .because("certificate validity is checked at an injected java.time.Clock (STYLE.md)")
        .check(tls);
  }
}
