package dev.sluice.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Which package may depend on which: the architecture of DESIGN.md, kept true by the build. */
class PackageRulesTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.sluice.core");

  @Test
  void theModelKnowsNothingOfRunningIt() {
    noClasses()
        .that().resideInAPackage("dev.sluice.core.model..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.sluice.core.engine..", "dev.sluice.core.spi..", "dev.sluice.core.internal.engine..",
            "dev.sluice.core.internal.local..", "dev.sluice.core.trigger..", "dev.sluice.core.launch..",
            "dev.sluice.core.metric..", "dev.sluice.core.internal.trigger..", "dev.sluice.core.internal.metric..")
        .check(CORE);
  }

  @Test
  void triggersLaunchRunsThroughThePublicEngineOnly() {
    noClasses()
        .that().resideInAnyPackage(
            "dev.sluice.core.trigger..", "dev.sluice.core.launch..", "dev.sluice.core.metric..",
            "dev.sluice.core.promotion..", "dev.sluice.core.internal.trigger..", "dev.sluice.core.internal.metric..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.sluice.core.internal.engine..", "dev.sluice.core.internal.local..")
        .check(CORE);
  }

  @Test
  void theEngineKnowsNothingOfTriggers() {
    noClasses()
        .that().resideInAnyPackage("dev.sluice.core.engine..", "dev.sluice.core.internal.engine..", "dev.sluice.core.internal.local..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.sluice.core.trigger..", "dev.sluice.core.launch..", "dev.sluice.core.internal.trigger..")
        .check(CORE);
  }

  @Test
  void theCompiledModelDoesNotReachIntoTheEngine() {
    noClasses()
        .that().resideInAPackage("dev.sluice.core.internal.model..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.sluice.core.engine..", "dev.sluice.core.internal.engine..", "dev.sluice.core.internal.local..")
        .check(CORE);
  }

  @Test
  void serviceProviderInterfacesDependOnlyOnPublicTypes() {
    noClasses()
        .that().resideInAPackage("dev.sluice.core.spi..")
        .should().dependOnClassesThat().resideInAPackage("dev.sluice.core.internal..")
        .check(CORE);
  }

  @Test
  void theJournalsPublicTypesDependOnlyOnPublicTypes() {
    noClasses()
        .that().resideInAPackage("dev.sluice.core.journal..")
        .and().doNotHaveSimpleName("RunJournal") // its factory creates the internal implementation
        .should().dependOnClassesThat().resideInAPackage("dev.sluice.core.internal..")
        .check(CORE);
  }

  @Test
  void runStoresKnowNothingOfTheEngineInside() {
    noClasses()
        .that().resideInAPackage("dev.sluice.core.internal.journal..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.sluice.core.internal.engine..", "dev.sluice.core.internal.local..")
        .check(CORE);
  }

  @Test
  void theLocalExecutorIsJustAnExecutor() {
    noClasses()
        .that().resideInAPackage("dev.sluice.core.internal.local..")
        .should().dependOnClassesThat().resideInAPackage("dev.sluice.core.internal.engine..")
        .check(CORE);
  }

  @Test
  void artifactsAreValuesThatKnowOnlyTheStoreSpi() {
    noClasses()
        .that().resideInAPackage("dev.sluice.core.artifact..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.sluice.core.engine..", "dev.sluice.core.internal..", "dev.sluice.core.cache..")
        .check(CORE);
  }

  @Test
  void theCacheAndTheCodecDoNotReachIntoTheEngine() {
    noClasses()
        .that().resideInAnyPackage("dev.sluice.core.internal.cache..", "dev.sluice.core.internal.io..",
            "dev.sluice.core.cache..", "dev.sluice.core.io..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.sluice.core.engine..", "dev.sluice.core.internal.engine..", "dev.sluice.core.internal.local..")
        .check(CORE);
  }

  @Test
  void libraryCodeLogsThroughSlf4jOnly() {
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(CORE);
    NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(CORE);
  }
}
