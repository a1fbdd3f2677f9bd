package dev.sanet.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of sanet-core form layers without cycles: {@code settings} and {@code progress} at
 * the very bottom, {@code io} and {@code metrics} above it, then {@code nn}, {@code inference}, the
 * root package, and {@code training} on top.
 */
class PackageRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.sanet.core");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.sanet.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void lowerLayersDoNotReachUp() {
        // progress sits at the bottom beside settings: training, inference and the commands
        // all draw with its bar, so it may depend on none of them.
        noClasses()
                .that()
                .resideInAPackage("dev.sanet.core.progress..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.sanet.core",
                        "dev.sanet.core.settings..",
                        "dev.sanet.core.data..",
                        "dev.sanet.core.io..",
                        "dev.sanet.core.metrics..",
                        "dev.sanet.core.nn..",
                        "dev.sanet.core.inference..",
                        "dev.sanet.core.zoo..",
                        "dev.sanet.core.training..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.sanet.core.settings..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.sanet.core",
                        "dev.sanet.core.io..",
                        "dev.sanet.core.metrics..",
                        "dev.sanet.core.nn..",
                        "dev.sanet.core.inference..",
                        "dev.sanet.core.training..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.sanet.core.io..", "dev.sanet.core.metrics..", "dev.sanet.core.data..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.sanet.core",
                        "dev.sanet.core.nn..",
                        "dev.sanet.core.inference..",
                        "dev.sanet.core.training..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.sanet.core.nn..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.sanet.core", "dev.sanet.core.inference..", "dev.sanet.core.training..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.sanet.core.inference..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.sanet.core", "dev.sanet.core.training..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.sanet.core")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.sanet.core.training..")
                .check(classes);
    }
}
