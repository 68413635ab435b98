package dev.sluice.dsl.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The DSL only builds core's public model: it never runs anything or touches internals. */
class DslRulesTest {
  private static final JavaClasses DSL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.sluice.dsl");

  @Test
  void theDslUsesOnlyCoresPublicModel() {
    noClasses()
        .that().resideInAPackage("dev.sluice.dsl..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.sluice.core.internal..", "dev.sluice.core.engine..", "dev.sluice.core.spi..")
        .check(DSL);
  }

  @Test
  void theDslPrintsNothing() {
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(DSL);
  }
}
