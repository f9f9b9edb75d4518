package org.backcare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.RiskGroup;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.Within;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The example profiles in {@code profiles/} are valid, varied, and their plans keep PLAN.md's safety properties. */
class ExampleProfilesTest {

    static List<Path> profileFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("profiles"))) {
            return files.sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("profileFiles")
    void thePlanKeepsEverySafetyPropertyOfThePlanFormat(Path file) throws Exception {
        Profile profile = new ProfileReader().read(file);
        Plan plan = Fixtures.planner().plan(profile);

        PlanContract.check(profile, plan);
    }

    @Test
    void theExamplesCoverEverySectionTriageLevelRiskGroupAndFindingInBothFormats() throws Exception {
        List<String> allSections = List.of("smoking", "sleep", "sitting", "diet", "hydration", "pain", "activity");
        Set<TriageLevel> levels = EnumSet.noneOf(TriageLevel.class);
        Set<RiskGroup> groups = EnumSet.noneOf(RiskGroup.class);
        Set<Within> withins = EnumSet.noneOf(Within.class);
        Set<String> suspected = new HashSet<>();
        Set<String> sections = new HashSet<>();
        Set<String> extensions = new HashSet<>();
        int oldest = 0;
        List<Path> files = profileFiles();
        for (Path file : files) {
            Profile profile = new ProfileReader().read(file);
            Plan plan = Fixtures.planner().plan(profile);
            levels.add(plan.triage().level());
            if (plan.riskGroup() != null) groups.add(plan.riskGroup());
            for (Finding finding : plan.triage().findings()) {
                withins.add(finding.within());
                suspected.add(finding.suspected());
            }
            for (String section : allSections) {
                if (!profile.notAssessed().contains(section)) sections.add(section);
            }
            oldest = Math.max(oldest, profile.age());
            String name = file.getFileName().toString();
            extensions.add(name.substring(name.lastIndexOf('.') + 1));
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(16);
        assertThat(levels).containsExactlyInAnyOrder(TriageLevel.values());
        assertThat(groups).containsExactlyInAnyOrder(RiskGroup.values());
        assertThat(withins).containsExactlyInAnyOrder(Within.values());
        assertThat(suspected).contains("spinal infection", "axial spondyloarthritis", "metastatic spinal disease");
        assertThat(oldest).isGreaterThanOrEqualTo(65);
        assertThat(sections).containsExactlyInAnyOrderElementsOf(allSections);
        assertThat(extensions).contains("json", "yaml");
    }

    @Test
    void atLeastTwoExamplesAreMidProgrammeAndTheirPlansSayHowTheWeekFollows() throws Exception {
        int midProgramme = 0;
        for (Path file : profileFiles()) {
            Profile profile = new ProfileReader().read(file);
            if (profile.program() == null || profile.program().lastWeek() == null) continue;
            midProgramme++;
            Plan plan = Fixtures.planner().plan(profile);
            assertThat(plan.progression()).as(file.toString()).isNotNull();
            assertThat(plan.progression().fromMinutes()).isEqualTo(profile.program().lastWeek().plannedMinutes());
            assertThat(plan.progression().because()).isNotEmpty();
        }
        assertThat(midProgramme).isGreaterThanOrEqualTo(2);
    }

    @Test
    void someExampleLeavesOutEachSectionSoThatNotAssessedIsShown() throws Exception {
        Set<String> missing = new HashSet<>();
        for (Path file : profileFiles()) missing.addAll(new ProfileReader().read(file).notAssessed());
        assertThat(missing).contains("sitting", "diet", "hydration");
    }
}
