package org.backcare;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The line between the library a care app embeds and the commands built on it: the planning core (the facade,
 * profiles, plans, rules, the week) uses none of the commands' packages, the command-line library or HAPI FHIR (an
 * optional dependency that only the FHIR package, the CDS Hooks server and the fhir command use), and the commands share their file handling
 * through packages of its own rather than through one another.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.backcare");
    private static final String[] CORE = {"org.backcare", "org.backcare.profile..", "org.backcare.plan..",
        "org.backcare.rules..", "org.backcare.schedule.."};
    private static final String[] COMMANDS = {"org.backcare.cli..", "org.backcare.batch..", "org.backcare.io..",
        "org.backcare.run..", "org.backcare.report..", "org.backcare.scenario..", "org.backcare.simulate..",
        "org.backcare.generate..", "org.backcare.fhir..", "org.backcare.serve..", "org.backcare.review.."};

    @Test
    void thePlanningCoreUsesNoCommandAndNoCommandLineLibrary() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage(COMMANDS)
                .orShould().dependOnClassesThat().resideInAnyPackage("picocli..", "com.github.mustachejava..",
                        "ca.uhn..", "org.hl7..", "java.sql..", "org.h2..", "org.flywaydb..", "com.zaxxer..",
                        "org.springframework..")
                .check(MAIN);
    }

    @Test
    void theReportAndTheScenariosDoNotBorrowFromBatch() {
        noClasses().that().resideInAnyPackage("org.backcare.report..", "org.backcare.scenario..",
                        "org.backcare.io..", "org.backcare.run..")
                .should().dependOnClassesThat().resideInAPackage("org.backcare.batch..")
                .check(MAIN);
    }

    @Test
    void onlyTheFhirPackageTheServerAndTheFhirCommandUseHapi() {
        noClasses().that().resideOutsideOfPackages("org.backcare.fhir..", "org.backcare.serve..")
                .and().doNotHaveFullyQualifiedName("org.backcare.cli.FhirCommand")
                .should().dependOnClassesThat().resideInAnyPackage("ca.uhn..", "org.hl7..")
                .check(MAIN);
    }

    @Test
    void onlyTheReviewWorkspaceUsesTheDatabaseAndItsLibraries() {
        noClasses().that().resideOutsideOfPackages("org.backcare.review..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.h2..", "org.flywaydb..",
                        "com.zaxxer..", "org.springframework..", "org.postgresql..")
                .check(MAIN);
    }

    @Test
    void noPackageDependsOnAnotherThatDependsOnIt() {
        slices().matching("org.backcare.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
