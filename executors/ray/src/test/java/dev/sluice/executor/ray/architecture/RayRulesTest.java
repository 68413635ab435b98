package dev.sluice.executor.ray.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Ray executor's public API stays free of its implementation and of vendor types. */
class RayRulesTest {
  private static final JavaClasses RAY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.sluice.executor.ray");

  @Test
  void thePublicApiReachesTheImplementationOnlyThroughTheFactory() {
    noClasses()
        .that().resideInAPackage("dev.sluice.executor.ray")
        .and().doNotHaveSimpleName("RayExecutor")
        .should().dependOnClassesThat().resideInAPackage("dev.sluice.executor.ray.internal..")
        .check(RAY);
  }

  @Test
  void thePublicApiExposesNoResilience4jOrJacksonTypes() {
    noClasses()
        .that().resideInAPackage("dev.sluice.executor.ray")
        .should().dependOnClassesThat().resideInAnyPackage("io.github.resilience4j..", "com.fasterxml.jackson..")
        .check(RAY);
  }

  @Test
  void itLogsThroughSlf4jOnly() {
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(RAY);
    NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(RAY);
  }
}
