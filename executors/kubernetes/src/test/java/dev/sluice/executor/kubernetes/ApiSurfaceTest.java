package dev.sluice.executor.kubernetes;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Users call this module without meeting a fabric8 type; the library logs, never prints. */
class ApiSurfaceTest {
  private static final JavaClasses MODULE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.sluice.executor.kubernetes");

  @Test
  void thePublicPackageHasNoFabric8Types() {
    noClasses().that().resideInAPackage("dev.sluice.executor.kubernetes")
        .should().dependOnClassesThat().resideInAPackage("io.fabric8..")
        .check(MODULE);
  }

  @Test
  void libraryCodeLogsThroughSlf4jOnly() {
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(MODULE);
  }
}
