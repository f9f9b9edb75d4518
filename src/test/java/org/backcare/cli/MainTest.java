package org.backcare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backcare.plan.Plan;
import org.backcare.profile.ProfileReader;
import org.backcare.Fixtures;
import org.backcare.cli.Commands.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: output, errors and exit codes of {@code plan} and {@code validate}. */
class MainTest {
    /** How many example profiles {@code profiles/} holds. */
    private static final int EXAMPLES = Fixtures.exampleProfiles().size();

    @TempDir
    Path dir;

    private static Result run(String... args) {
        return Commands.run(args);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void planPrintsThePlanAsJsonAndSucceeds() throws IOException {
        Result result = run("plan", "profiles/maria-desk-worker.yaml");

        assertThat(result.code()).isZero();
        assertThat(result.err()).isEmpty();
        JsonNode plan = new ObjectMapper().readTree(result.out());
        assertThat(plan.get("profileId").asText()).isEqualTo("maria-desk-worker");
        assertThat(plan.get("recommendations").get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(plan.get("weeklyPlan").get("days")).hasSize(7);
        assertThat(plan.get("weeklyPlan").get("totalMinutes").asInt()).isPositive();
    }

    @Test
    void planOfAnUrgentProfileHasANullWeeklyPlan() throws IOException {
        Result result = run("plan", "profiles/gloria-urgent-numbness.json");

        JsonNode plan = new ObjectMapper().readTree(result.out());
        assertThat(plan.get("triage").get("level").asText()).isEqualTo("urgent");
        assertThat(plan.get("weeklyPlan").isNull()).isTrue();
    }

    @Test
    void planOfAnInvalidProfileNamesTheFileAndFieldAndExitsWithTwo() throws IOException {
        Path bad = write("bad.yaml", "id: x\nage: 40\npain: {currentIntensity: 12}\n");

        Result result = run("plan", bad.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip()).isEqualTo("backcare: " + bad
                + ": pain.currentIntensity: expected a whole number from 0 to 10, got 12");
    }

    @Test
    void planOfAMissingFileIsAnInvalidInput() {
        Result result = run("plan", dir.resolve("nobody.yaml").toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("nobody.yaml: no such file").doesNotContain("Exception");
    }

    @Test
    void planWithBrokenRulesNamesTheFileAndLineAndExitsWithTwo() throws IOException {
        Path rules = Fixtures.copyOfRules(dir);
        Path sleep = rules.resolve("sleep.drl");
        Fixtures.replace(sleep, "Sleep(position == SleepPosition.BACK)", "Sleep(position === SleepPosition.BACK)");

        Result result = run("plan", "profiles/sam-minimal.json", "--rules", rules.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains(sleep + ":").doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void planWithTheRepositoryRulesGivesTheSamePlanAsTheBuiltInRules() {
        assertThat(run("plan", "profiles/tom-retired-gardener.json", "--rules", "rules").out())
                .isEqualTo(run("plan", "profiles/tom-retired-gardener.json").out());
    }

    @Test
    void validateSucceedsSilentlyOnValidProfiles() {
        Result result = run("validate", "profiles/maria-desk-worker.yaml", "profiles/sam-minimal.json");

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip()).isEqualTo("2 profiles checked: 2 valid, 0 invalid");
    }

    @Test
    void validatePrintsOneLinePerProblemAndExitsWithOneWhenSomeAreInvalid() throws IOException {
        Path bad = write("bad.json", "{\"id\": \"x\", \"age\": 12, \"sleep\": {\"position\": \"upside-down\"}}");

        Result result = run("validate", "profiles/sam-minimal.json", bad.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out().lines()).containsExactly(
                bad + ": age: expected a whole number from 18 to 110, got 12",
                bad + ": sleep.position: expected one of back, side, stomach, mixed, got \"upside-down\"");
        assertThat(result.err().strip()).isEqualTo("2 profiles checked: 1 valid, 1 invalid");
    }

    @Test
    void validateSearchesDirectories() {
        Result result = run("validate", "profiles");

        assertThat(result.code()).isZero();
        assertThat(result.err()).matches("(?s)\\d+ profiles checked: \\d+ valid, 0 invalid\\s*");
    }

    @Test
    void badUsageExitsWithTwoAndAShortMessage() {
        Result unknownOption = run("plan", "--colour", "profiles/sam-minimal.json");
        Result missingFile = run("validate");
        Result unknownCommand = run("plan-everything");

        for (Result result : new Result[] {unknownOption, missingFile, unknownCommand}) {
            assertThat(result.code()).isEqualTo(2);
            assertThat(result.err()).startsWith("backcare: ").contains("--help").doesNotContain("\tat ");
            assertThat(result.err().lines()).hasSize(2);
        }
    }

    @Test
    void benchMeasuresEveryStage() {
        Result result = run("bench", "--seconds", "0.2", "--warmup", "0.1", "--threads", "2",
                "profiles/maria-desk-worker.yaml", "profiles/tom-retired-gardener.json");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("2 profiles, 2 threads", "parse only", "plan only",
                "parse + plan + serialise", "times parse + serialise alone");
    }

    @Test
    void batchExitsWithZeroWhenEveryProfileIsPlanned() {
        Path out = dir.resolve("out");

        Result result = run("batch", "profiles", "--out", out.toString(), "--quiet");

        assertThat(result.code()).isZero();
        assertThat(result.err()).contains(EXAMPLES + " of " + EXAMPLES + " profiles planned").contains("summary.json");
        assertThat(out.resolve("summary.json")).exists();
        assertThat(out.resolve("maria-desk-worker.plan.json")).exists();
    }

    @Test
    void batchExitsWithOneWhenSomeFailAndStillPlansTheRest() throws IOException {
        Path bad = write("bad.json", "{\"id\": \"x\", \"age\": 12}");
        Path out = dir.resolve("out");

        Result result = run("batch", "profiles/sam-minimal.json", bad.toString(), "--out", out.toString(), "--quiet");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("1 of 2 profiles planned, 1 failed");
        assertThat(out.resolve("sam-minimal.plan.json")).exists();
    }

    @Test
    void batchExitsWithTwoOnBadUsageOrAnOutputItCannotWrite() throws IOException {
        Path file = write("a-file", "not a directory");

        Result badFormat = run("batch", "profiles", "--out", dir.resolve("o").toString(), "--format", "xml");
        Result noOut = run("batch", "profiles");
        Result unwritable = run("batch", "profiles", "--out", file.resolve("out").toString(), "--quiet");

        assertThat(badFormat.code()).isEqualTo(2);
        assertThat(badFormat.err()).contains("Invalid value for option '--format': expected one of json, jsonl, got xml");
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(unwritable.code()).isEqualTo(2);
        assertThat(unwritable.err()).startsWith("backcare: cannot write to " + file.resolve("out"))
                .doesNotContain("\tat ");
    }

    @Test
    void generateWritesValidProfilesThatTheSameSeedRepeats() throws IOException {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");

        assertThat(run("generate", "--count", "50", "--seed", "3", "--out", first.toString()).code()).isZero();
        assertThat(run("generate", "--count", "50", "--seed", "3", "--out", second.toString()).code()).isZero();

        assertThat(Files.readAllLines(first)).hasSize(50).isEqualTo(Files.readAllLines(second));
        Path out = dir.resolve("out");
        assertThat(run("batch", first.toString(), "--out", out.toString(), "--quiet").code()).isZero();
    }

    @Test
    void rulesListsEveryRuleWithItsFileLineAndAdvice() {
        Result result = run("rules");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("== smoking.drl", "== safety.drl", "== weekly-plan.drl")
                .containsPattern("\\d+  Smoking: a current smoker ready to quit gets support to cut back")
                .contains("recommends smoking-cut-back-support (smoking, priority 50): Get support to cut back on"
                        + " smoking")
                .contains("evidence: green-2016-smoking-back-pain, hinge-2023-healthy-spine")
                .contains("infers facts for other rules")
                .containsPattern("\\d+  Red flags: signs of cauda equina syndrome need emergency care now\n"
                        + "      finds cauda-equina \\(now\\): cauda equina syndrome or nerve root compression\n"
                        + "      action: Go to an emergency department now.*\n"
                        + "      evidence: nice-ng59, nice-cks-low-back-pain\n")
                .contains("layout: a dose spread over more days in sessions down to about 20 minutes; no activity on"
                        + " more than 2 days when 4 or more can be done; a flexibility session from 4 sessions, a second"
                        + " from 6");
    }

    @Test
    void rulesCheckReportsTheRuleSetOrItsErrorsWithFileAndLine() throws IOException {
        Result good = run("rules", "--check");
        Path rules = Fixtures.copyOfRules(dir);
        Fixtures.replace(rules.resolve("diet.drl"), "Diet(processedMealsPerWeek != null,", "Diet(processedMealsPerWeek != null,,");
        Result broken = run("rules", "--check", "--rules", rules.toString());

        assertThat(good.code()).isZero();
        assertThat(good.out()).contains("built-in rules: ", " rules in 12 files", "0 warnings");
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err()).containsPattern(java.util.regex.Pattern.quote(rules.resolve("diet.drl").toString())
                + ":\\d+: ");
    }

    @Test
    void testRulesRunsTheScenariosAndFailsWhenARuleChanges() throws IOException {
        Result good = run("test-rules");
        Path rules = Fixtures.copyOfRules(dir);
        java.nio.file.Files.createDirectories(rules.resolve("scenarios"));
        java.nio.file.Files.copy(Path.of("rules/scenarios/smoking.yaml"), rules.resolve("scenarios/smoking.yaml"));
        Fixtures.replace(rules.resolve("smoking.drl"), "readyToQuit == true,", "readyToQuit == false,");
        Result changed = run("test-rules", "--rules", rules.toString());

        assertThat(good.code()).isZero();
        assertThat(good.out()).contains("PASS A current smoker ready to quit gets support to cut back");
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.out()).contains("FAIL A current smoker ready to quit gets support to cut back",
                "expected smoking-cut-back-support, but the plan does not have it");
        assertThat(changed.err()).contains("3 scenarios: 1 passed, 2 failed");
    }

    @Test
    void planAsTextShowsTriageReasonsSourcesAndTheWeek() {
        Result result = run("plan", "profiles/frank-osteoporosis.yaml", "--format", "text");

        assertThat(result.code()).isZero();
        // Frank's pain is in the upper back only: no STarT Back risk group, the neck and upper back routine
        assertThat(result.out()).doesNotContain("STarT Back risk:");
        assertThat(result.out()).contains("Triage: SEE-CLINICIAN",
                "! Fragility (vertebral) fracture (pain.redFlags includes osteoporosis-or-steroids), within 1-week:",
                "Focus this week\n\n 1. See a doctor within a week [safety, priority 98]",
                " 2. Move in ways that protect your spine",
                "Why: You reported osteoporosis or long-term steroid use.",
                "Rule: Red flags: a finding for the next week puts seeing a clinician soon first",
                "  balance-training:\n    - stand on one leg",
                "Source: National Institute for Health and Care Excellence. Low back pain and sciatica",
                "This week (", "Monday", "neck-and-upper-back-mobility 8 min, gentle", "Educational information, not medical advice.");
        // in the order a clinician reads: triage, the focus, the week, then the rest by category
        String out = result.out();
        assertThat(out.indexOf("Triage:")).isLessThan(out.indexOf("Focus this week"));
        assertThat(out.indexOf("Focus this week")).isLessThan(out.indexOf("This week ("));
        assertThat(out.indexOf("This week (")).isLessThan(out.indexOf("More recommendations"));
        // lines are wrapped at 100 characters; only a web address longer than that stands alone on its line
        assertThat(result.out().lines()).allMatch(line -> line.length() <= 100 || line.strip().matches("https://\\S+"));
    }

    @Test
    void diffReportsARuleRenamedAsAChangeOfTheRulesBehindARecommendation() throws IOException {
        // a clinician signed off a plan for the rules behind it: a renamed rule is a change to review
        Path rules = Fixtures.copyOfRules(dir);
        Fixtures.replace(rules.resolve("smoking.drl"),
                "rule \"Smoking: a current smoker ready to quit gets support to cut back\"",
                "rule \"Smoking: a smoker ready to quit is helped to cut back\"");

        Result result = run("diff", "--base-rules", "rules", "--rules", rules.toString(), "profiles",
                "--out", dir.resolve("diff").toString());

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("rules behind smoking-cut-back-support: - Smoking: a current smoker ready"
                + " to quit gets support to cut back + Smoking: a smoker ready to quit is helped to cut back")
                .doesNotContain("added ", "removed ", "triage ");
    }

    @Test
    void diffReportsExactlyThePlansARuleEditChanges() throws IOException {
        // given the short-sleep threshold moved from 7 hours to 6
        Path rules = Fixtures.copyOfRules(dir);
        Fixtures.replace(rules.resolve("sleep.drl"), "function double enoughSleepHours() { return 7; }",
                "function double enoughSleepHours() { return 6; }");

        // when
        Result result = run("diff", "--base-rules", "rules", "--rules", rules.toString(), "profiles",
                "--out", dir.resolve("diff").toString());

        // then the profiles sleeping at least 6 but under 7 hours lose that advice (urgent plans hold none), and
        // those sleeping under 6 keep it with the new threshold in its reason
        assertThat(result.code()).isZero();
        assertThat(result.out().lines().filter(line -> line.endsWith(":")).toList())
                .containsExactly("aisha-new-parent:", "dev-anxious-programmer:", "grace-programme-pain-not-settled:",
                        "maria-desk-worker:");
        assertThat(result.out()).contains("removed sleep-enough-hours").doesNotContain("added ", "triage ")
                .contains("reasons of sleep-enough-hours: - sleep.hoursPerNight is 5 (under 7) +"
                        + " sleep.hoursPerNight is 5 (under 6)")
                .contains(EXAMPLES + " profiles compared: 4 plans changed");
        assertThat(Files.readString(dir.resolve("diff/diff.json"))).contains("\"changed\" : 4");
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(dir.resolve("diff/diff.html").toFile());
        // plans whose changes read alike but for their numbers are one card, listing each profile with its plans
        assertThat(page.select("div.changed ul.profiles li").eachText().stream().map(t -> t.replaceAll(" \\(.*", ""))
                .toList()).containsExactlyInAnyOrder("aisha-new-parent", "dev-anxious-programmer",
                        "grace-programme-pain-not-settled", "maria-desk-worker");
        for (org.jsoup.nodes.Element link : page.select("div.changed ul.profiles a")) {
            assertThat(dir.resolve("diff").resolve(link.attr("href"))).exists();
        }
        assertThat(page.select("div.changed ul.profiles a")).hasSize(8);
        assertThat(page.select("div.summary").text()).contains(EXAMPLES + " profiles compared: 4 plans changed");
        // the page and the terminal name what differs in the rules
        assertThat(page.select("ul.rule-changes li").eachText()).containsExactly("files changed: sleep.drl");
        assertThat(result.out()).contains("  files changed: sleep.drl");
    }

    @Test
    void diffReportsEveryPlanWhoseAdviceTextAnEditChanges() throws Exception {
        // given one word of the traffic-light advice changed, and nothing else
        Path rules = Fixtures.copyOfRules(dir);
        Fixtures.replace(rules.resolve("advice.yaml"), "Aim for the amount of movement", "Aim for an amount of movement");
        ProfileReader reader = new ProfileReader();
        List<String> holding = new java.util.ArrayList<>();
        for (Path file : Fixtures.exampleProfiles()) {
            Plan plan = Fixtures.planner().plan(reader.read(file));
            if (plan.eachRecommendation().stream().anyMatch(r -> r.id().equals("movement-sweet-spot"))) {
                holding.add(plan.profileId() + ":");
            }
        }
        assertThat(holding).hasSizeGreaterThan(5);

        // when
        Result result = run("diff", "--base-rules", "rules", "--rules", rules.toString(), "profiles",
                "--out", dir.resolve("diff").toString());

        // then every plan that holds that advice is reported, as a change of its text and nothing else
        assertThat(result.code()).isZero();
        assertThat(result.out().lines().filter(line -> line.endsWith(":")).toList())
                .containsExactlyInAnyOrderElementsOf(holding);
        assertThat(result.out()).contains("text of movement-sweet-spot: advice changed")
                .doesNotContain("added ", "removed ", "triage ", "reasons of ")
                .contains(EXAMPLES + " profiles compared: " + holding.size() + " plans changed")
                .contains(holding.size() + " with changed texts").contains("  files changed: advice.yaml");
        // the same change in every plan is one card that counts and lists them
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(dir.resolve("diff/diff.html").toFile());
        assertThat(page.select("div.changed")).hasSize(1);
        assertThat(page.select("div.changed h2").text()).endsWith("and " + (holding.size() - 1) + " more alike");
        assertThat(page.select("div.changed ul.profiles li")).hasSize(holding.size());
    }

    @Test
    void reportWritesASiteAndPlanWritesOneHtmlPage() throws IOException {
        Path out = dir.resolve("site");

        Result report = run("report", "profiles", "--out", out.toString());
        Result page = run("plan", "profiles/maria-desk-worker.yaml", "--format", "html");

        assertThat(report.code()).isZero();
        assertThat(report.err()).contains(EXAMPLES + " profiles in the report");
        assertThat(out.resolve("index.html")).exists();
        assertThat(out.resolve("rules.html")).exists();
        assertThat(out.resolve("profiles/maria-desk-worker.html")).exists();
        assertThat(page.code()).isZero();
        assertThat(page.out()).startsWith("<!DOCTYPE html>").contains("Plan for maria-desk-worker", "</html>");
    }

    @Test
    void validateReportAndDiffReadJsonLinesToo() throws IOException {
        Path lines = write("people.jsonl", "{\"id\": \"one\", \"age\": 40}\n\n{\"id\": \"two\", \"age\": 9}\n"
                + "{\"id\": \"three\", \"age\": 70, \"sleep\": {\"position\": \"side\", \"hoursPerNight\": 6.5}}\n");
        Path rules = Fixtures.copyOfRules(dir);
        Fixtures.replace(rules.resolve("sleep.drl"), "function double enoughSleepHours() { return 7; }",
                "function double enoughSleepHours() { return 6; }");

        Result validate = run("validate", lines.toString());
        Result report = run("report", lines.toString(), "--out", dir.resolve("site").toString());
        Result diff = run("diff", "--base-rules", "rules", "--rules", rules.toString(), lines.toString());

        assertThat(validate.code()).isEqualTo(1);
        assertThat(validate.out().strip()).isEqualTo(lines + ":3: age: expected a whole number from 18 to 110, got 9");
        assertThat(report.code()).isEqualTo(1);
        assertThat(dir.resolve("site/profiles/one.html")).exists();
        assertThat(dir.resolve("site/profiles/three.html")).exists();
        assertThat(diff.out()).contains("three:", "removed sleep-enough-hours", "2 profiles compared: 1 plans changed");
    }

    @Test
    void simulatePrintsTheTrajectoryOfEachScenarioTheSameEveryTime() {
        Result first = run("simulate", "profiles/maria-desk-worker.yaml", "--weeks", "12");
        Result again = run("simulate", "profiles/maria-desk-worker.yaml", "--weeks", "12");
        Result pain = run("simulate", "profiles/maria-desk-worker.yaml", "--weeks", "8", "--scenario",
                "pain-not-settling");
        Result flag = run("simulate", "profiles/maria-desk-worker.yaml", "--weeks", "8", "--scenario", "red-flag");

        assertThat(first.code()).isZero();
        assertThat(first.out()).isEqualTo(again.out());
        List<String> rows = first.out().lines().skip(2).toList();
        assertThat(rows).hasSize(12);
        assertThat(rows.get(0)).matches("\\s+1\\s+self-care\\s+-\\s+\\d+.*");
        assertThat(rows.get(1)).contains("progress");
        // week 5 follows the week 4 in which pain did not settle
        assertThat(pain.out().lines().filter(line -> line.matches("\\s+5\\s.*")).findFirst().orElseThrow())
                .contains("regress");
        assertThat(flag.out().lines().filter(line -> line.matches("\\s+6\\s.*")).findFirst().orElseThrow())
                .contains("see-clinician", "hold");
    }

    @Test
    void simulateDrawsTheTrajectoryAsAPageAndRejectsUnknownScenarios() {
        Result page = run("simulate", "profiles/omar-programme-week-3.yaml", "--format", "html");
        Result wrong = run("simulate", "profiles/omar-programme-week-3.yaml", "--scenario", "sometimes");

        assertThat(page.code()).isZero();
        org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(page.out());
        assertThat(html.select("svg.trajectory-chart circle")).hasSize(12);
        assertThat(html.select("table.trajectory-table tr")).hasSize(13);
        assertThat(html.select("svg.trajectory-chart").attr("aria-label")).contains("Main-activity minutes week by week");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("Invalid value for option '--scenario': expected one of all-done,"
                + " pain-not-settling, half-done, red-flag, clinician-assesses");
    }

    @Test
    void planOfAMidProgrammeProfileSaysHowThisWeekFollowsFromLastWeek() {
        Result result = run("plan", "profiles/grace-programme-pain-not-settled.json");
        Result text = run("plan", "profiles/grace-programme-pain-not-settled.json", "--format", "text");

        // the person's terminal reads the reasons in plain words
        assertThat(text.out()).contains("Programme week 6: regress, 120 -> 90 minutes. Last week your pain during"
                + " activity reached 6 out of\n    10; last week your pain had not settled by the next morning.");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("\"progression\": {", "\"decision\": \"regress\"", "\"fromMinutes\": 120",
                "\"toMinutes\": 90", "program.lastWeek.painSettledNextMorning is false");
    }

    @Test
    void controlCharactersInAnInvalidProfileNeverReachTheTerminalRaw() throws IOException {
        Path bad = write("escape.json", "{\"id\": \"a\\u001b]0;owned\\u0007b\", \"age\": 40}");

        Result result = run("validate", bad.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).contains("\\u001b]0;owned\\u0007b").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void anAbsurdThreadCountIsAUsageErrorNotAnOutOfMemoryTrace() {
        Result batch = run("batch", "profiles", "--out", dir.resolve("out").toString(), "--threads", "20000000");

        assertThat(batch.code()).isEqualTo(2);
        assertThat(batch.err()).contains("--threads must be from 1 to 1024, got 20000000").doesNotContain("Exception");
    }

    @Test
    void helpListsTheCommands() {
        Result result = run("--help");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("plan", "validate", "batch", "generate", "bench");
    }

    @Test
    void aCommandIsFoundAfterMainsOptionsAndThroughHelp() {
        Result debugFirst = run("--debug", "validate", "profiles/sam-minimal.json");
        Result helpOfACommand = run("help", "batch");
        Result ownHelp = run("diff", "--help");

        assertThat(debugFirst.code()).isZero();
        assertThat(debugFirst.err()).contains("1 profile checked: 1 valid");
        assertThat(helpOfACommand.code()).isZero();
        assertThat(helpOfACommand.out()).startsWith("Usage: backcare batch");
        assertThat(ownHelp.code()).isZero();
        assertThat(ownHelp.out()).startsWith("Usage: backcare diff");
    }

    @Test
    void testRulesStopsPlanningAfterEightScenariosHangAndSaysSoForTheRest() throws IOException {
        Path rules = Fixtures.copyOfRulesWith(dir, "stuck", "", Fixtures.WAIT_FOR_EVER);
        StringBuilder scenarios = new StringBuilder("scenarios:\n");
        for (int i = 0; i < 10; i++) {
            scenarios.append("  - name: Scenario ").append(i).append("\n    profile: {pain: {currentIntensity: 2}}\n")
                    .append("    expect: {triage: self-care}\n");
        }
        Path file = Files.writeString(dir.resolve("ten.yaml"), scenarios.toString());

        Result result = run("test-rules", "--rules", rules.toString(), "--time-limit", "0.2", file.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out().lines().filter(line -> line.contains("planning took longer than 0.2 s"))).hasSize(8);
        assertThat(result.out().lines().filter(line -> line.contains("not run: the rules hung on 8 scenarios")))
                .hasSize(2);
        assertThat(result.err()).contains("10 scenarios: 0 passed, 10 failed");
    }

    @Test
    void controlCharactersInARuleFileNeverReachTheTerminal() throws IOException {
        Path rules = Fixtures.copyOfRules(dir);
        Files.writeString(rules.resolve("broken.drl"), "package backcare.rules;\nrule \"x\u001b]0;pwned\u0007\" when"
                + " this is \u001b[31m not DRL\nend\n");

        Result result = run("rules", "--check", "--rules", rules.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("broken.drl").doesNotContain("\u001b", "\u0007");
    }
}
