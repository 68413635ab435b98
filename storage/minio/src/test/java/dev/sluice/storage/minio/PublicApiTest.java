package dev.sluice.storage.minio;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Users see our types only: no MinIO SDK, okhttp or Resilience4j type in the public API. */
class PublicApiTest {
  private static final JavaClasses MODULE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.sluice.storage.minio");
  private static final DescribedPredicate<JavaClass> VENDOR =
      JavaClass.Predicates.resideInAnyPackage("io.minio..", "okhttp3..", "io.github.resilience4j..");

  @Test
  void thePublicPackageDependsOnNoVendorType() {
    noClasses().that().resideInAPackage("dev.sluice.storage.minio")
        .should().dependOnClassesThat(VENDOR)
        .check(MODULE);
  }

  @Test
  void publicMethodsOfTheImplementationTakeAndReturnNoVendorType() {
    methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
        .should().haveRawReturnType(DescribedPredicate.not(VENDOR))
        .andShould().haveRawParameterTypes(DescribedPredicate.not(DescribedPredicate.anyElementThat(VENDOR)))
        .allowEmptyShould(true)
        .check(MODULE);
  }

  @Test
  void libraryCodeLogsThroughSlf4jOnly() {
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(MODULE);
  }
}
