package org.backcare;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.backcare.generate.ProfileGenerator;
import org.backcare.profile.Profile;
import org.backcare.rules.RuleInfo;
import org.junit.jupiter.api.Test;

/**
 * No profile value can change which rules exist or run code: rules are compiled only from rule files, only by the
 * rule-set loader, and planning thousands of profiles leaves the rule set as it was.
 */
class InputNeverBecomesCodeTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.backcare");

    @Test
    void onlyTheRuleCompilerCompilesRules() {
        noClasses().that().doNotHaveFullyQualifiedName("org.backcare.rules.RuleCompiler")
                .and().doNotHaveFullyQualifiedName("org.backcare.rules.ExecutableModelGenerator")
                .should().dependOnClassesThat().resideInAnyPackage("org.kie.internal.builder..", "org.kie.api.builder..",
                        "org.drools.compiler..", "org.drools.model.codegen..", "org.kie.internal.io..", "org.mvel2..")
                .check(MAIN);
    }

    @Test
    void profilesAndPlansKnowNothingOfRules() {
        noClasses().that().resideInAnyPackage("org.backcare.profile..", "org.backcare.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("org.backcare.rules..", "org.kie..", "org.drools..")
                .check(MAIN);
    }

    @Test
    void planningManyProfilesLeavesTheRuleSetAsItWas() {
        Planner planner = Planner.builtIn();
        List<RuleInfo> before = new ArrayList<>(planner.rules().rules());
        String version = planner.rulesVersion();
        ProfileGenerator generator = new ProfileGenerator(99);
        for (int i = 0; i < 3000; i++) {
            Profile profile = generator.profile(i);
            planner.plan(profile);
        }
        assertThat(planner.rules().rules()).isEqualTo(before);
        assertThat(planner.rulesVersion()).isEqualTo(version);
        assertThat(planner.rules().advice()).isEqualTo(Fixtures.planner().rules().advice());
    }
}
