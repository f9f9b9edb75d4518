package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.backcare.Fixtures;
import org.backcare.Planner;
import org.backcare.plan.Category;
import org.backcare.plan.Plan;
import org.backcare.plan.Within;
import org.backcare.profile.Profile;
import org.backcare.rules.engine.RuleEngine;
import org.backcare.rules.facts.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in rule set resolves completely, and broken rule sets are rejected with the file and line. */
class RuleSetTest {
    private static final RuleSet BUILT_IN = Fixtures.planner().rules();

    @TempDir
    Path dir;

    private Path copyOfRules() throws IOException {
        return Fixtures.copyOfRules(dir);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        Fixtures.replace(file, from, to);
    }

    private RulesException rejected(Path rules) {
        RulesException e = catchThrowableOfType(RulesException.class, () -> RuleSet.fromDirectory(rules));
        assertThat(e).as("expected the rule set in %s to be rejected", rules).isNotNull();
        return e;
    }

    @Test
    void everyReferenceOfTheSeedArticleAndEveryGuidelineIsShippedWithAnAddress() {
        // the seed article's seven references, and the guidelines that set the safety floor
        for (String id : List.of("cdc-nchs-databrief-415", "cleveland-clinic-2021-smoking-pain",
                "green-2016-smoking-back-pain", "healio-2021-dietary-inflammatory-index",
                "strath-2022-dietary-inflammation", "osu-2018-sleep-positions", "cary-2019-sleep-posture",
                "nice-ng59", "nice-cks-low-back-pain", "nice-ng234", "nice-ng65", "who-2020-physical-activity")) {
            assertThat(BUILT_IN.evidence()).containsKey(id);
            assertThat(BUILT_IN.evidence().get(id).url()).as(id).startsWith("https://");
        }
        // and every source is cited by some advice
        assertThat(BUILT_IN.advice().values().stream().flatMap(a -> a.evidence().stream()).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(BUILT_IN.evidence().keySet());
    }

    @Test
    void noBuiltInAdviceNamesWhatNiceSaysNotToOffer() {
        for (AdviceText advice : BUILT_IN.advice().values()) {
            assertThat(DoNotOffer.check("advice.yaml", advice.id(), advice.title() + "\n" + advice.advice()))
                    .as(advice.id()).isEmpty();
        }
    }

    @Test
    void everyEvidenceIdThatAnyAdviceUsesResolvesToACitation() {
        for (AdviceText advice : BUILT_IN.advice().values()) {
            assertThat(advice.evidence()).as(advice.id()).isNotEmpty();
            for (String id : advice.evidence()) {
                assertThat(BUILT_IN.evidence()).as("evidence of %s", advice.id()).containsKey(id);
                assertThat(BUILT_IN.evidence().get(id).citation()).isNotBlank();
            }
        }
    }

    @Test
    void everyAdviceIdThatARuleRecommendsIsInTheCatalogueAndEveryEntryIsUsed() {
        Set<String> recommended = BUILT_IN.rules().stream().map(RuleInfo::adviceId)
                .filter(id -> id != null).collect(Collectors.toCollection(TreeSet::new));
        assertThat(BUILT_IN.advice().keySet()).containsExactlyInAnyOrderElementsOf(recommended);
    }

    @Test
    void theCatalogueShipsTheSourcesTheProjectPromises() {
        assertThat(BUILT_IN.evidence()).containsKeys("hinge-2023-healthy-spine", "cdc-nchs-databrief-415",
                "green-2016-smoking-back-pain", "strath-2022-dietary-inflammation", "cary-2019-sleep-posture",
                "nice-ng59", "hill-2008-start-back", "who-2020-physical-activity");
        assertThat(BUILT_IN.evidence().get("green-2016-smoking-back-pain").citation()).contains("Cureus", "8(9)");
        assertThat(BUILT_IN.evidence().get("strath-2022-dietary-inflammation").citation()).contains("23(8)");
        assertThat(BUILT_IN.evidence().get("cary-2019-sleep-posture").citation()).contains("BMJ Open", "9(6)");
    }

    @Test
    void everyEvidenceEntryIsCitedBySomeAdvice() {
        Set<String> cited = BUILT_IN.advice().values().stream().flatMap(a -> a.evidence().stream())
                .collect(Collectors.toSet());
        assertThat(cited).containsAll(BUILT_IN.evidence().keySet());
    }

    @Test
    void rulesAreListedWithTheirFileAndLineInFileOrder() {
        RuleInfo first = BUILT_IN.rules().get(0);
        assertThat(first.file()).isEqualTo("activity.drl");
        assertThat(BUILT_IN.rules()).allMatch(rule -> rule.line() > 0, "every rule has a line")
                .extracting(RuleInfo::file).doesNotContainNull().isSorted();
        assertThat(BUILT_IN.rules()).extracting(RuleInfo::file).contains("safety.drl", "start-back.drl",
                "pain-movement.drl", "activity.drl", "sitting.drl", "sleep.drl", "smoking.drl", "diet.drl",
                "hydration.drl");
    }

    @Test
    void eachRulesLineIsTheLineOfItsHeaderInItsFile() throws IOException {
        for (RuleInfo rule : BUILT_IN.rules()) {
            List<String> lines = Files.readAllLines(Path.of("rules", rule.file()));
            assertThat(lines.get(rule.line() - 1).strip()).as(rule.name())
                    .isEqualTo("rule \"" + rule.name().replace("\"", "\\\"") + "\"");
        }
    }

    @Test
    void safetyAdviceOutranksEverythingElse() {
        int lowestSafety = BUILT_IN.rules().stream().filter(r -> r.adviceId() != null)
                .filter(r -> BUILT_IN.advice().get(r.adviceId()).category() == Category.SAFETY)
                .mapToInt(RuleInfo::priority).min().orElseThrow();
        int highestOther = BUILT_IN.rules().stream().filter(r -> r.adviceId() != null)
                .filter(r -> BUILT_IN.advice().get(r.adviceId()).category() != Category.SAFETY)
                .mapToInt(RuleInfo::priority).max().orElseThrow();
        assertThat(lowestSafety).isGreaterThan(highestOther);
    }

    @Test
    void theRulesDirectoryGivesTheSameVersionAsTheBuiltInRules() {
        assertThat(RuleSet.fromDirectory(Path.of("rules")).version()).isEqualTo(BUILT_IN.version())
                .matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void anyEditChangesTheVersion() throws IOException {
        Path rules = copyOfRules();
        String before = RuleSet.fromDirectory(rules).version();
        replace(rules.resolve("smoking.drl"), "@priority(50)", "@priority(51)");
        assertThat(RuleSet.fromDirectory(rules).version()).isNotEqualTo(before);
    }

    @Test
    void theModelTheBuildMadeIsUsedOnlyForTheRulesItWasMadeFrom() throws IOException {
        RuleFiles builtIn = RuleFiles.builtIn();
        assertThat(RuleCompiler.precompiled(builtIn)).hasValueSatisfying(model -> {
            assertThat(model.version()).isEqualTo(builtIn.version()).isEqualTo(BUILT_IN.version());
            assertThat(model.kieBase().getKiePackages()).isNotEmpty();
        });
        Path rules = copyOfRules();
        replace(rules.resolve("smoking.drl"), "@priority(50)", "@priority(51)");
        RuleFiles edited = RuleFiles.read("edited rules", rules);
        assertThat(edited.checksum()).isNotEqualTo(builtIn.checksum()).matches("crc32:[0-9a-f]{8}");
        assertThat(RuleCompiler.precompiled(edited)).isEmpty();
    }

    @Test
    void aSyntaxErrorIsReportedWithTheFileAndLine() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("smoking.drl"), "Smoking(status == SmokingStatus.CURRENT, readyToQuit == true,",
                "Smoking(status == SmokingStatus.CURRENT,, readyToQuit == true,");

        RulesException e = rejected(rules);

        int line = lineOf(rules.resolve("smoking.drl"), ",, readyToQuit");
        assertThat(e.problems()).anyMatch(p -> p.startsWith(rules.resolve("smoking.drl") + ":" + line + ": "));
    }

    @Test
    void anUnknownFactTypeIsReportedWithTheFile() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("hydration.drl"), "Hydration(mostlyInEvening == true)", "Hydrashun(mostlyInEvening)");

        RulesException e = rejected(rules);

        assertThat(e.problems()).anyMatch(p -> p.startsWith(rules.resolve("hydration.drl") + ":")
                && p.contains("Hydrashun"));
    }

    @Test
    void anAdviceIdMissingFromTheCatalogueIsReported() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("diet.drl"), "@advice(\"diet-fewer-inflammatory-foods\") @priority(47)\nwhen\n"
                + "    Diet(addedSugar", "@advice(\"diet-less-sugar\") @priority(47)\nwhen\n    Diet(addedSugar");

        RulesException e = rejected(rules);

        assertThat(e.problems()).anyMatch(p -> p.startsWith(rules.resolve("diet.drl") + ":")
                && p.contains("@advice \"diet-less-sugar\" is not in advice.yaml"));
    }

    @Test
    void aFindingsActionIsWhatFindingsYamlSaysAndItsUrgencyToo() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("findings.yaml"), "    suspected: axial spondyloarthritis\n    within: routine",
                "    suspected: inflammatory back pain\n    within: 1-week");
        replace(rules.resolve("findings.yaml"), "At your next GP appointment, ask about a referral to a rheumatologist:",
                "Ask your GP this week about a referral to a rheumatologist:");
        Profile profile = Fixtures.profile("""
                pain: {currentIntensity: 4, durationWeeks: 20, areas: [lower-back], redFlags: [inflammatory-pattern]}
                """);

        Plan plan = Planner.of(RuleSet.fromDirectory(rules)).plan(profile);

        assertThat(plan.triage().findings()).singleElement().satisfies(finding -> {
            assertThat(finding.suspected()).isEqualTo("inflammatory back pain");
            assertThat(finding.within()).isEqualTo(Within.WEEK_1);
            assertThat(finding.action()).startsWith("Ask your GP this week about a referral to a rheumatologist:");
        });
        assertThat(plan.recommendations().get(0).id()).isEqualTo("safety-see-clinician-soon");
    }

    @Test
    void aFindingNoEntryListsAndAnEntryNoRuleConcludesAreReported() throws IOException {
        Path rules = copyOfRules();
        Path safety = rules.resolve("safety.drl");
        replace(safety, "@finding(\"inflammatory-pattern\")", "@finding(\"inflamatory-pattern\")");

        RulesException e = rejected(rules);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                safety + ":" + lineOf(safety, "rule \"Red flags: an inflammatory pattern of back pain is referred")
                        + ": rule \"Red flags: an inflammatory pattern of back pain is referred to rheumatology\":"
                        + " @finding \"inflamatory-pattern\" is not in findings.yaml; expected the id of a finding"
                        + " listed there",
                rules + "/findings.yaml: inflammatory-pattern: no rule concludes it"
                        + " (@finding(\"inflammatory-pattern\")); expected every finding to be some rule's");
    }

    @Test
    void aRuleSetWithoutFindingsYamlLoadsWhenNoRuleNamesAFindingAndIsRejectedWhenOneDoes() throws IOException {
        // a rule set written before findings had a file of their own (as diff --base-rules may be given) still loads
        Path older = Fixtures.copyOfRules(dir.resolve("older"));
        Files.delete(older.resolve("findings.yaml"));
        Files.delete(older.resolve("safety.drl"));
        Profile profile = Fixtures.profile("pain: {currentIntensity: 4, durationWeeks: 20, redFlags: []}\n");

        assertThat(Planner.of(RuleSet.fromDirectory(older)).plan(profile).recommendations()).isNotEmpty();

        Path rules = copyOfRules();
        Files.delete(rules.resolve("findings.yaml"));
        // each rule that names a finding, named
        assertThat(rejected(rules).problems()).hasSize((int) BUILT_IN.rules().stream().filter(r -> r.findingId() != null)
                .count())
                .allMatch(problem -> problem.contains("is not in findings.yaml"));
    }

    @Test
    void aRuleThatMakesAConcernWithoutNamingItsFindingIsRejectedWhenTheRulesLoad() throws IOException {
        Path rules = copyOfRules();
        Path safety = rules.resolve("safety.drl");
        replace(safety, "    @finding(\"constant-night-pain\")\n", "");

        RulesException e = rejected(rules);

        assertThat(e.problems()).contains(safety + ":" + lineOf(safety, "rule \"Red flags: constant night pain alone")
                + ": rule \"Red flags: constant night pain alone is checked within a week\": makes a concern"
                + " (findingTexts.concern) but has no @finding; expected @finding(\"id\") naming its entry in"
                + " findings.yaml");
    }

    @Test
    void aFindingWithAnUnknownUrgencyOrSourceOrAnInsteadTextWithoutItsConditionIsReported() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("findings.yaml"), "    within: routine", "    within: next-month");
        replace(rules.resolve("findings.yaml"), "so that it is checked at the same time: possible {suspected}.",
                "so that it is checked at the same time.");
        replace(rules.resolve("findings.yaml"), "    evidence: [nice-ng65]\n", "    evidence: [nice-ng65, nice-ng99]\n");
        replace(rules.resolve("findings.yaml"), "    within: now\n    evidence: [nice-ng234]\n", "    within: now\n");

        RulesException e = rejected(rules);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                rules + "/findings.yaml: inflammatory-pattern.within: expected one of now, 24-hours, 1-week, routine,"
                        + " got next-month",
                rules + "/findings.yaml: inflammatory-pattern.evidence: \"nice-ng99\" is not in evidence.yaml; expected"
                        + " the id of a source listed there",
                rules + "/findings.yaml: metastatic-cord-compression.evidence: expected a non-empty list of evidence"
                        + " ids",
                rules + "/findings.yaml: instead.beside-a-finding-for-24-hours: expected a text with {suspected} in it");
    }

    @Test
    void aFindingsActionThatNamesWhatNiceSaysNotToOfferIsRejected() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("findings.yaml"), "Until then, avoid bending forward and twisting under load.",
                "Until then, wear a back support belt.");

        RulesException e = rejected(rules);

        assertThat(e.problems()).singleElement().asString()
                .startsWith(rules + "/findings.yaml: osteoporosis-or-steroids names");
    }

    @Test
    void anEvidenceIdMissingFromTheCatalogueIsReported() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("advice.yaml"), "evidence: [watson-2015-sleep-duration]",
                "evidence: [smith-2099-imaginary]");

        RulesException e = rejected(rules);

        assertThat(e.problems()).containsExactly(rules + "/advice.yaml: sleep-enough-hours.evidence:"
                + " \"smith-2099-imaginary\" is not in evidence.yaml; expected the id of a source listed there");
    }

    @Test
    void aSafetyRuleRankedBelowOtherAdviceIsRejected() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("safety.drl"), "@priority(99)", "@priority(50)");

        assertThat(rejected(rules).problems()).anyMatch(p -> p.contains("a safety rule has @priority 50"));
    }

    @Test
    void aPriorityOutOfRangeIsRejected() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("hydration.drl"), "@priority(30)", "@priority(300)");

        assertThat(rejected(rules).problems()).anyMatch(p -> p.contains("expected @priority to be a whole number"));
    }

    @Test
    void theActivityCatalogueCoversEveryActivityOfTheProfileFormat() {
        assertThat(RuleEngine.of(BUILT_IN).catalogue().activities().keySet())
                .containsExactlyInAnyOrder(org.backcare.profile.ActivityType.values());
        assertThat(RuleEngine.of(BUILT_IN).catalogue().defaults().get(0)).isEqualTo(org.backcare.profile.ActivityType.WALKING);
        assertThat(RuleEngine.of(BUILT_IN).catalogue().routine().minutes()).isBetween(5, 10);
        assertThat(RuleEngine.of(BUILT_IN).catalogue().get(org.backcare.profile.ActivityType.RUNNING).impact()).isEqualTo(Level.HIGH);
        assertThat(RuleEngine.of(BUILT_IN).catalogue().get(org.backcare.profile.ActivityType.SWIMMING).impact()).isEqualTo(Level.LOW);
    }

    @Test
    void aBrokenActivityCatalogueIsReportedEntryByEntry() throws IOException {
        Path rules = copyOfRules();
        Path catalogue = rules.resolve("activities.yaml");
        replace(catalogue, "  running:          {kind: aerobic,     impact: high,     spineLoad: moderate,"
                + " intensities: [moderate, vigorous], minutes: [10, 90]}\n", "");
        replace(catalogue, "yoga:             {kind: flexibility", "yoga:             {kind: bendy");
        replace(catalogue, "stretching:       {kind: flexibility, impact: low,      spineLoad: low,      intensities:"
                + " [gentle, light], minutes: [10, 30]}", "stretching: {kind: flexibility, impact: low, spineLoad: low,"
                + " intensities: [light, gentle], minutes: [10, 30]}");
        replace(catalogue, "intensities: [light, moderate, vigorous], minutes: [15, 90]}",
                "intensities: [light, moderate, vigorous], minutes: [90, 15]}");
        replace(catalogue, "intensities: [light, moderate, vigorous], minutes: [20, 60]}",
                "intensities: [light, moderate, vigorous]}");
        replace(catalogue, "      - {do: \"side-lying leg lifts, top leg straight, 10 each side\"}",
                "      - {do: \"side-lying leg lifts\", moves: [bouncing]}");
        replace(catalogue, "    - {do: \"heel raises holding a counter, 10 times\"}", "    - {moves: [flexion]}");

        assertThat(rejected(rules).problems()).containsExactlyInAnyOrder(
                catalogue + ": activities.yoga.kind: expected one of aerobic, strength, flexibility, mobility, leisure,"
                        + " balance",
                catalogue + ": activities.stretching.intensities: expected a non-empty list of gentle, light, moderate,"
                        + " vigorous, gentlest first, each once",
                catalogue + ": activities.pilates.exercises[2].moves: expected a list of flexion, twisting",
                catalogue + ": activities.cycling.minutes: expected [shortest, longest]: a session's length range in"
                        + " whole minutes, from 5 to 240",
                catalogue + ": activities.swimming.minutes: expected [shortest, longest]: a session's length range in"
                        + " whole minutes, from 5 to 240",
                catalogue + ": balance.exercises[3].do: expected the exercise in plain words",
                catalogue + ": activities: running is missing; expected every activity name");
    }

    @Test
    void aLayoutThatIsMissingOrOutOfRangeIsReportedFieldByField() throws IOException {
        Path rules = copyOfRules();
        Path catalogue = rules.resolve("activities.yaml");
        replace(catalogue, "  mostDaysOfOneActivity: 2\n", "  mostDaysOfOneActivity: 8\n");
        replace(catalogue, "  sessionsForTwoFlexibility: 6\n", "  sessionsForTwoFlexibility: 6\n  flexible: yes\n");
        replace(catalogue, "  spreadSessionMinutes: 20\n", "  spreadSessionMinutes: twenty\n");
        replace(catalogue, "  activitiesForVariety: 4\n", "  activitiesForVariety: 4294967300\n");
        Path crossed = Fixtures.copyOfRules(dir.resolve("crossed"));
        replace(crossed.resolve("activities.yaml"), "  sessionsForTwoFlexibility: 6\n",
                "  sessionsForTwoFlexibility: 3\n");
        Path without = Fixtures.copyOfRules(dir.resolve("without"));
        Path withoutCatalogue = without.resolve("activities.yaml");
        Files.writeString(withoutCatalogue, Files.readString(withoutCatalogue)
                .replaceAll("(?m)^layout:\n(  .*\n)+", ""));

        assertThat(rejected(rules).problems()).containsExactlyInAnyOrder(
                catalogue + ": layout.spreadSessionMinutes: expected a whole number of minutes from 5 to 240",
                catalogue + ": layout.mostDaysOfOneActivity: expected a whole number of days from 1 to 7",
                catalogue + ": layout.activitiesForVariety: expected a whole number of activities from 1 to 99",
                catalogue + ": layout.flexible: unknown field; expected one of spreadSessionMinutes,"
                        + " mostDaysOfOneActivity, activitiesForVariety, sessionsForOneFlexibility,"
                        + " sessionsForTwoFlexibility");
        assertThat(rejected(crossed).problems()).containsExactly(crossed.resolve("activities.yaml")
                + ": layout.sessionsForTwoFlexibility: expected at least sessionsForOneFlexibility (4)");
        assertThat(rejected(without).problems()).containsExactly(withoutCatalogue + ": layout: expected a map with"
                + " spreadSessionMinutes, mostDaysOfOneActivity, activitiesForVariety, sessionsForOneFlexibility,"
                + " sessionsForTwoFlexibility");
    }

    @Test
    void aRuleSetThatDosesTheWeekWithoutSayingHowItIsSpreadIsRefusedWhenItPlans() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("weekly-plan.drl"), "    insertLogical(new SessionSpread(floorSessions(),"
                + " floorSessionMinutes()));\n", "");
        Path zero = Fixtures.copyOfRules(dir.resolve("zero"));
        replace(zero.resolve("weekly-plan.drl"), "function int floorSessions() { return 3; }",
                "function int floorSessions() { return 0; }");
        Profile profile = Fixtures.profile("""
                pain: {currentIntensity: 2, redFlags: []}
                activity: {activeMinutesPerWeek: 60}
                """);

        RulesException missing = catchThrowableOfType(RulesException.class,
                () -> Planner.of(RuleSet.fromDirectory(rules)).plan(profile));
        RulesException none = catchThrowableOfType(RulesException.class,
                () -> Planner.of(RuleSet.fromDirectory(zero)).plan(profile));

        assertThat(missing.problems()).containsExactly(rules + ": the rules dose the week but no rule inserts a"
                + " SessionSpread fact, which says how a small dose is spread (weekly-plan.drl: \"Dose: a small dose is"
                + " spread over several days\")");
        assertThat(none).hasMessageContaining("rule \"Dose: a small dose is spread over several days\" failed for"
                + " profile test-person").hasMessageContaining("a SessionSpread needs 1 or more sessions of 5 minutes or"
                + " more; got 0 sessions of 10 minutes");
    }

    @Test
    void aStrengthActivityWithoutExercisesIsReported() throws IOException {
        Path rules = copyOfRules();
        Path catalogue = rules.resolve("activities.yaml");
        replace(catalogue, "    kind: strength\n    impact: low\n    spineLoad: moderate\n    intensities: [light, moderate,"
                + " vigorous]\n    minutes: [20, 60]\n    exercises:\n", "    kind: strength\n    impact: low\n"
                + "    spineLoad: moderate\n    intensities: [light, moderate, vigorous]\n    minutes: [20, 60]\n"
                + "    unused:\n");

        assertThat(rejected(rules).problems()).contains(
                catalogue + ": activities.strength-training.unused: unknown field; expected one of kind, impact,"
                        + " spineLoad, intensities, minutes, exercises",
                catalogue + ": activities.strength-training.exercises: expected a non-empty list of exercises, each"
                        + " {do: what to do, moves: [spine movements]}");
    }

    @Test
    void advicePromotingWhatNiceSaysNotToOfferIsRejectedNamingTheAdvice() throws IOException {
        Path rules = copyOfRules();
        Path advice = rules.resolve("advice.yaml");
        replace(advice, "switch which leg is on top from time to time.", "switch which leg is on top from time"
                + " to time. A lumbar support belt and TENS can ease the ache.");

        assertThat(rejected(rules).problems()).containsExactlyInAnyOrder(
                rules + "/advice.yaml: sitting-change-position names \"belt\"; NICE NG59: do not offer belts or"
                        + " corsets for low back pain. Expected advice that does not recommend it",
                rules + "/advice.yaml: sitting-change-position names \"TENS\"; NICE NG59: do not offer TENS or PENS for"
                        + " low back pain. Expected advice that does not recommend it");
    }

    @Test
    void theDoNotOfferGuardKnowsEnoughToLeaveOrdinaryWordsAlone() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("advice.yaml"), "switch which leg is on top from time to time.",
                "switch which leg is on top from time to time, tens of times a day if you like; steroid-free.");

        assertThat(RuleSet.fromDirectory(rules).advice()).containsKey("sitting-change-position");
    }

    @Test
    void aMissingCatalogueIsReported() throws IOException {
        Path rules = copyOfRules();
        Files.delete(rules.resolve("evidence.yaml"));

        assertThat(rejected(rules).problems()).anyMatch(p -> p.startsWith(rules + "/evidence.yaml: missing"));
    }

    @Test
    void aDirectoryWithoutRulesIsReported() {
        assertThat(rejected(dir).problems()).anyMatch(p -> p.contains("no .drl files"));
        assertThat(rejected(dir.resolve("nowhere")).problems())
                .containsExactly(dir.resolve("nowhere") + ": not a directory of rules");
    }

    @Test
    void aRuleThatFailsForAProfileNamesTheRuleAndTheProfile() throws IOException {
        Path rules = copyOfRules();
        replace(rules.resolve("hydration.drl"), "insertLogical(advice(drools, \"hydration.mostlyInEvening is true\"));",
                "if (true) throw new IllegalStateException(\"boom\");");
        RuleSet broken = RuleSet.fromDirectory(rules);

        RulesException e = catchThrowableOfType(RulesException.class,
                () -> RuleEngine.of(broken).evaluate(Fixtures.profile("id: evening-drinker\nhydration: {mostlyInEvening: true}\n")));

        assertThat(e.getMessage()).contains("Hydration: drinking mostly in the evening", "evening-drinker", "boom");
    }

    @Test
    void aRuleSetThatNeverSettlesIsStoppedAndReported() throws IOException {
        Path rules = copyOfRules();
        Files.writeString(rules.resolve("loop.drl"), """
                package backcare.rules;
                import org.backcare.profile.Profile;
                rule "Loop: start counting"
                when
                    Profile()
                then
                    insert(Integer.valueOf(0));
                end
                rule "Loop: count without end"
                when
                    $n : Integer()
                then
                    insert(Integer.valueOf($n + 1));
                end
                """);
        RuleSet looping = RuleSet.fromDirectory(rules);

        RulesException e = catchThrowableOfType(RulesException.class,
                () -> RuleEngine.of(looping).evaluate(Fixtures.profile("id: endless\n")));

        assertThat(e.getMessage()).contains("fired more than 10000 times for profile endless without settling");
    }

    private static int lineOf(Path file, String text) throws IOException {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) return i + 1;
        }
        throw new AssertionError(text + " not in " + file);
    }
}
