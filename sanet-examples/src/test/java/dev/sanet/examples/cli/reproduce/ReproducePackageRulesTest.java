package dev.sanet.examples.cli.reproduce;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The reproductions depend on no other package of the command line, so that the command (and the
 * seams it supplies) can change without touching them, and the packages stay free of cycles.
 */
class ReproducePackageRulesTest {

    @Test
    void theReproductionsDoNotReachBackIntoTheCommandLine() {
        JavaClasses classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.sanet.examples.cli.reproduce");
        noClasses()
                .that()
                .resideInAPackage("dev.sanet.examples.cli.reproduce..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.sanet.examples.cli", "dev.sanet.examples")
                .check(classes);
    }
}
