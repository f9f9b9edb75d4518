package org.backcare.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backcare.Fixtures;
import org.backcare.Planner;
import org.backcare.plan.Plan;
import org.backcare.plan.RuleReasons;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.Recommendation;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.rules.Evidence;
import org.backcare.rules.RuleInfo;
import org.backcare.simulate.FeedbackScenario;
import org.backcare.simulate.SimulatedWeek;
import org.backcare.simulate.Simulation;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clinicians' HTML, parsed and checked for what a reviewer needs to see. */
class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void theSiteHasAPageForEveryProfileShowingEveryRecommendationsRuleAndCitations() throws Exception {
        Path out = dir.resolve("site");
        HtmlReport.Site site = new HtmlReport(Fixtures.planner()).writeSite(List.of(Path.of("profiles")), out);

        ProfileReader reader = new ProfileReader();
        List<Path> profiles = Files.list(Path.of("profiles")).sorted().toList();
        assertThat(site.planned()).isEqualTo(profiles.size());
        Document index = Jsoup.parse(out.resolve("index.html").toFile());
        Document catalogue = Jsoup.parse(out.resolve("rules.html").toFile());
        for (Path file : profiles) {
            Profile profile = reader.read(file);
            Plan plan = Fixtures.planner().plan(profile);
            Path page = out.resolve("profiles/" + profile.id() + ".html");
            assertThat(index.select("a[href=profiles/" + profile.id() + ".html]")).hasSize(1);
            Document html = Jsoup.parse(page.toFile());
            assertThat(html.select("h1").text()).isEqualTo("Plan for " + profile.id());
            // every piece of advice, those merged into one recommendation included
            assertThat(html.select("div.screen-only article.recommendation"))
                    .hasSize(plan.recommendations().stream().mapToInt(r -> r.each().size()).sum());
            for (Recommendation r : plan.recommendations().stream().flatMap(r -> r.each().stream()).toList()) {
                Element card = html.selectFirst("article.recommendation#" + r.id());
                assertThat(card).as(r.id()).isNotNull();
                Element rule = card.selectFirst("a.rule");
                assertThat(rule.text()).isEqualTo(r.rule());
                // the link lands on the rule in the catalogue beside the page
                String anchor = rule.attr("href").substring(rule.attr("href").indexOf('#') + 1);
                assertThat(catalogue.getElementById(anchor)).as(anchor).isNotNull();
                assertThat(catalogue.getElementById(anchor).selectFirst("th").text()).isEqualTo(r.rule());
                assertThat(card.select("ul.because li").eachText()).isEqualTo(r.because());
                assertThat(card.select("li.citation")).hasSize(r.evidence().size());
                for (String id : r.evidence()) {
                    Evidence source = Fixtures.planner().rules().evidence().get(id);
                    assertThat(card.select("li.citation a[href=" + source.url() + "]").text())
                            .isEqualTo(source.citation());
                }
            }
            assertThat(html.select("ol.week")).hasSize(plan.weeklyPlan() == null ? 0 : 1);
            assertThat(headingLevels(html)).as(profile.id() + ": headings never skip a level").allMatch(step -> step <= 1);
        }
    }

    /** How far each heading goes below the one before it (1 is one level deeper; a skip is 2 or more). */
    static List<Integer> headingLevels(Document page) {
        List<Integer> steps = new java.util.ArrayList<>();
        int before = 0;
        for (Element heading : page.select("h1, h2, h3, h4, h5, h6")) {
            int level = heading.tagName().charAt(1) - '0';
            steps.add(level - before);
            before = level;
        }
        return steps;
    }

    @Test
    void theWorklistTellsNowFrom24HoursAndGivesEachRowsTimeframeConditionFlagsAgeAndActionAlsoAsCsv()
            throws Exception {
        Path out = dir.resolve("site");
        new HtmlReport(Fixtures.planner()).writeSite(List.of(Path.of("profiles")), out);

        Document index = Jsoup.parse(out.resolve("index.html").toFile());
        assertThat(index.select("table.profiles thead th").eachText()).containsExactly("Profile", "Triage",
                "Timeframe", "Suspected", "Flags", "Age", "Action (clinician)", "STarT Back", "Week");
        List<String> urgent = index.select("table.profiles tbody tr[data-triage=urgent]").eachAttr("data-within");
        assertThat(urgent).contains("now", "within 24 hours");
        assertThat(urgent).isSortedAccordingTo(java.util.Comparator.comparing(List.of("now", "within 24 hours")::indexOf));
        org.jsoup.nodes.Element gloria = index.selectFirst("tr:has(a[href=profiles/gloria-urgent-numbness.html])");
        assertThat(gloria.select("td[data-label=Timeframe]").text()).isEqualTo("now");
        assertThat(gloria.select("td[data-label=Flags]").text()).contains("saddle-numbness");
        assertThat(gloria.select("td[data-label=Age]").text()).matches("\\d+");
        assertThat(gloria.select("td[data-label=Action]").text()).startsWith("Emergency assessment now (A&E): suspected");
        assertThat(index.select("input#filter-text")).hasSize(1);

        List<String> csv = Files.readAllLines(out.resolve("worklist.csv"));
        assertThat(csv.get(0)).isEqualTo(String.join(",", Population.CSV_COLUMNS));
        assertThat(csv).hasSize(Fixtures.exampleProfiles().size() + 1);
        List<String> ids = index.select("table.profiles tbody th a").eachText();
        assertThat(csv.subList(1, csv.size()).stream().map(line -> line.substring(0, line.indexOf(','))).toList())
                .isEqualTo(ids);
        assertThat(index.select("a[href=worklist.csv]")).hasSize(1);
    }

    @Test
    void aCsvCellIsQuotedWhenItMustBeAndNeverReadAsAFormula() {
        assertThat(Population.cell("plain")).isEqualTo("plain");
        assertThat(Population.cell("a, b")).isEqualTo("\"a, b\"");
        assertThat(Population.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Population.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Population.cell("-5")).isEqualTo("'-5");
    }

    @Test
    void aProfilePageOpensWithAPatientBannerAndShowsNoLocalPath() throws Exception {
        Path out = dir.resolve("site");
        Path rules = Path.of("rules").toAbsolutePath();
        new HtmlReport(Planner.fromDirectory(rules)).writeSite(List.of(Path.of("profiles").toAbsolutePath()), out);

        for (String page : List.of("index.html", "rules.html", "profiles/maria-desk-worker.html")) {
            assertThat(Files.readString(out.resolve(page))).as(page).doesNotContain(rules.getParent().toString());
        }
        Document maria = Jsoup.parse(out.resolve("profiles/maria-desk-worker.html").toFile());
        assertThat(maria.select("dl.banner dt").eachText()).containsExactly("Age", "Pain now / usual", "Duration",
                "STarT Back", "Red flags", "Triage", "Rules");
        assertThat(maria.select("dl.banner dd").eachText()).contains("5 / 3 out of 10", "14 weeks", "medium risk",
                "screened");
        assertThat(maria.html()).doesNotContain(Path.of("profiles").toAbsolutePath().toString());
        Document ben = Jsoup.parse(out.resolve("profiles/ben-not-screened.html").toFile());
        assertThat(ben.select("dl.banner dd").eachText()).contains("NOT screened");
        // the sources are one click away, not three lists before the week
        assertThat(maria.select("section.focus details.sources")).isNotEmpty()
                .allMatch(details -> !details.hasAttr("open"));
    }

    @Test
    void aReportMadeForAServiceDatesItsPlansAndPrintsItsHandoutsWithTheServicesDetails() throws Exception {
        Path out = dir.resolve("site");
        HandoutDetails service = new HandoutDetails(null, "2026-12-06", "Riverside Physiotherapy", null,
                "Riverside Physiotherapy, 01234 567890", "999");
        new HtmlReport(Fixtures.planner(), service).writeSite(List.of(Path.of("profiles/maria-desk-worker.yaml")), out);

        Document maria = Jsoup.parse(out.resolve("profiles/maria-desk-worker.html").toFile());
        assertThat(maria.select("dl.banner div:has(dt:contains(Plan made)) dd").text()).isEqualTo("2026-12-06");
        assertThat(maria.select(".print-only dl.handout-details").text()).contains("Riverside Physiotherapy",
                "01234 567890", "999");
    }

    @Test
    void theProgrammeChartHasAxisTitlesValuesAndMarksAChangeOfTriage() throws Exception {
        Path out = dir.resolve("site");
        new HtmlReport(Fixtures.planner()).writeSite(List.of(Path.of("profiles")), out);

        Document maria = Jsoup.parse(out.resolve("profiles/maria-desk-worker.html").toFile());
        assertThat(maria.select("section.trajectory svg text.axis-title").eachText())
                .containsExactly("programme week", "minutes a week");
        assertThat(maria.select("section.trajectory svg text.value")).hasSize(HtmlReport.PROGRAMME_WEEKS);
        List<SimulatedWeek> weeks = new Simulation(Fixtures.planner()).run(
                new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml")), FeedbackScenario.ALL_DONE,
                HtmlReport.PROGRAMME_WEEKS);
        long changes = java.util.stream.IntStream.range(1, weeks.size()).filter(i ->
                weeks.get(i).triage() != weeks.get(i - 1).triage()
                        || weeks.get(i).hardest() != weeks.get(i - 1).hardest()).count();
        assertThat(changes).as("maria's programme changes its hardest intensity as she steps up").isPositive();
        assertThat(maria.select("section.trajectory svg line.marker")).hasSize((int) changes);
        assertThat(maria.select("section.trajectory svg text.marker-label").eachText())
                .allMatch(label -> label.startsWith("triage: ") || label.startsWith("up to "));
    }

    @Test
    void aProfilePageShowsTriageFocusAndTheWeekFirstThenTheRestByCategoryThenTheFacts() throws Exception {
        Path out = dir.resolve("site");
        new HtmlReport(Fixtures.planner()).writeSite(List.of(Path.of("profiles")), out);

        Document maria = Jsoup.parse(out.resolve("profiles/maria-desk-worker.html").toFile());
        assertThat(maria.select("div.screen-only > section").eachAttr("class"))
                .containsExactly("triage", "focus", "week-plan", "trajectory", "more", "facts");
        Plan plan = planOf(Path.of("profiles/maria-desk-worker.yaml"));
        assertThat(maria.select("section.focus article").eachAttr("id")).isEqualTo(plan.focus());
        assertThat(maria.select("section.more details.group")).allMatch(group -> !group.hasAttr("open"));
        assertThat(maria.select("section.more summary h3").eachText()).isNotEmpty()
                .allMatch(title -> title.matches("[a-z]+ \\(\\d+\\)"));
        // the week's summary counts the activity the dose advice speaks of apart from the daily routine
        int activity = plan.weeklyPlan().days().stream().flatMap(d -> d.activities().stream())
                .filter(a -> a.kind() != org.backcare.plan.ActivityKind.MOBILITY).mapToInt(a -> a.minutes()).sum();
        assertThat(maria.select("p.week-summary").text()).startsWith(activity + " minutes of activity and ")
                .endsWith("(" + plan.weeklyPlan().totalMinutes() + " minutes in all).");
        assertThat(maria.select("table.facts caption")).hasSize(1);
        assertThat(maria.select("table.facts th[scope=row]").eachText()).contains("current intensity")
                .noneMatch(field -> field.matches(".*[a-z][A-Z].*"));
        assertThat(maria.select("table.facts td").eachText()).noneMatch(value -> value.matches("\\d+\\.0"));
        // the print handout is on the page, shown only in print
        assertThat(maria.select("div.print-only section.handout h3").eachText())
                .contains("What matters most this week", "Your week: tick each session when it is done",
                        "When to get help");
    }

    @Test
    void aStandalonePageNamesEachRuleWithoutLinkingToACatalogueThatIsNotBesideIt() throws Exception {
        Profile profile = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        Plan plan = Fixtures.planner().plan(profile);

        Document page = Jsoup.parse(new HtmlReport(Fixtures.planner()).page(profile, plan, "maria.yaml"));

        assertThat(page.select("a.rule")).isEmpty();
        // every rule behind every recommendation, those merged into one included
        assertThat(page.select("span.rule").eachText()).containsExactlyInAnyOrderElementsOf(plan.recommendations()
                .stream().flatMap(r -> r.each().stream())
                .flatMap(r -> r.rules().isEmpty() ? java.util.stream.Stream.of(r.rule())
                        : r.rules().stream().map(RuleReasons::rule))
                .toList());
        assertThat(plan.recommendations()).anyMatch(r -> r.rules().size() > 1);
        assertThat(page.select("a[href*=rules.html]")).isEmpty();
        assertThat(page.select("html").attr("lang")).isEqualTo("en");
    }

    @Test
    void theHandoutIsAWeekToFollowAtHomeWithOneTickBoxPerSessionAndEachExerciseOnItsOwnLine() throws Exception {
        Plan plan = planOf(Path.of("profiles/maria-desk-worker.yaml"));

        Document handout = Jsoup.parse(new HtmlReport(Fixtures.planner()).handout(plan, HandoutDetails.NONE));

        assertThat(handout.title()).isEqualTo("Your back-care plan: a week of activity at home");
        assertThat(handout.select("table.checklist tbody tr")).hasSize(7);
        long sessions = plan.weeklyPlan().days().stream().mapToLong(d -> d.activities().size()).sum();
        assertThat(handout.select("table.checklist input[type=checkbox]")).hasSize((int) sessions);
        int steps = plan.weeklyPlan().exercisesByActivity().values().stream().mapToInt(List::size).sum();
        assertThat(handout.select("ol.exercise-steps > li")).hasSize(steps);
        assertThat(handout.select("h3").eachText()).extracting(h -> h.replaceAll(":.*", "")).containsSubsequence(
                "What matters most this week", "Your week", "The exercises, one at a time", "If pain rises",
                "When to get help", "Your log");
        assertThat(handout.select(".intensity-key").text()).contains("light", "moderate");
        // said once: the warning signs are the box, not also a focus item
        assertThat(handout.select("ol.handout-focus").text()).doesNotContain("Know the warning signs");
        assertThat(handout.select(".handout-focus .why").eachText()).allSatisfy(why -> assertThat(why)
                .startsWith("Why: ").doesNotContainPattern("\\b(pain|activity|program)\\.[a-z]"));
        assertThat(handout.text()).contains(plan.disclaimer(), "your GP", "your local emergency number")
                .doesNotContain("sha256", plan.rulesVersion(), "profiles/");
    }

    @Test
    void theHandoutsLogAsksForEveryFieldNextWeeksPlanReadsFromLastWeek() throws Exception {
        Plan plan = planOf(Path.of("profiles/maria-desk-worker.yaml"));

        Document handout = Jsoup.parse(new HtmlReport(Fixtures.planner()).handout(plan, HandoutDetails.NONE));

        List<String> fields = java.util.Arrays.stream(org.backcare.profile.LastWeek.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();
        assertThat(handout.select("ul.log li[data-field]").eachAttr("data-field"))
                .containsExactlyInAnyOrderElementsOf(fields);
        assertThat(handout.select("ul.log li[data-field=plannedMinutes]").text())
                .contains(String.valueOf(plan.weeklyPlan().mainMinutes()));
    }

    @Test
    void theHandoutNamesWhoItIsForAndWhoGaveIt() throws Exception {
        Plan plan = planOf(Path.of("profiles/maria-desk-worker.yaml"));
        HandoutDetails details = new HandoutDetails("Maria Lopez", "2026-12-06", "Riverside Physiotherapy",
                "2026-12-13", "Riverside Physiotherapy, 01234 567890", "999");

        Document handout = Jsoup.parse(new HtmlReport(Fixtures.planner()).handout(plan, details));

        assertThat(handout.select("dl.handout-details").text()).contains("Maria Lopez", "2026-12-06",
                "Riverside Physiotherapy", "2026-12-13", "01234 567890", "999");
        assertThat(handout.select(".seek-care").text()).contains("call 999");
        // urgent care goes through the GP or out-of-hours services, not the service that gave the handout
        assertThat(handout.select(".seek-care p.tier-24-hours").text()).doesNotContain("Riverside");
    }

    @Test
    void anUrgentHandoutIsOneRedBoxThatSaysWhereToGoAndNothingAboutExercise() throws Exception {
        Plan now = planOf(Path.of("profiles/gloria-urgent-numbness.json"));
        HandoutDetails details = new HandoutDetails(null, null, null, null, "your GP practice", "999");

        Document handout = Jsoup.parse(new HtmlReport(Fixtures.planner()).handout(now, details));

        Element first = handout.selectFirst("section.handout").child(0);
        assertThat(first.className()).isEqualTo("emergency");
        assertThat(first.selectFirst("h2").text()).isEqualTo("Go to A&E now or call 999");
        assertThat(first.select("li").eachText()).contains("numbness around the genitals, buttocks or inner thighs");
        assertThat(handout.title()).startsWith("Urgent");
        assertThat(handout.select("input, table.checklist, .exercise-steps, .weekly-log, .traffic-light")).isEmpty();
        String text = handout.text();
        assertThat(text).doesNotContainIgnoringCase("exercises,").doesNotContain("minutes of activity");
        assertThat(text.split("Go to an emergency department", -1)).as("the instruction is said once").hasSize(2);

        Plan today = planOf(Path.of("profiles/kwame-fever.yaml"));
        Document soon = Jsoup.parse(new HtmlReport(Fixtures.planner()).handout(today, details));
        assertThat(soon.selectFirst(".emergency h2").text())
                .isEqualTo("Speak to a doctor today: your GP practice, or an out-of-hours service when it is closed");
    }

    @Test
    void aSeeAClinicianHandoutPutsTheActionFirstAndTheLightWeekAfter() throws Exception {
        Plan plan = planOf(Path.of("profiles/margaret-new-thoracic-pain.json"));
        assertThat(plan.triage().level()).isEqualTo(TriageLevel.SEE_CLINICIAN);

        Document handout = Jsoup.parse(new HtmlReport(Fixtures.planner()).handout(plan, HandoutDetails.NONE));

        assertThat(handout.select(".attention h3").text()).isEqualTo("Book to see a doctor");
        assertThat(handout.select(".attention li").text()).startsWith("Within a week:");
        assertThat(handout.select("h3").eachText()).startsWith("Book to see a doctor", "What matters most this week");
        // the action is said once, in the box, not again as the first focus item
        assertThat(handout.select("ol.handout-focus").text()).doesNotContain(plan.recommendations().get(0).title());
        assertThat(handout.select("table.checklist td").text()).doesNotContain("moderate", "vigorous");
    }

    @Test
    void theHandoutsWhenToGetHelpPutsEveryWarningSignInTheTierTheSafetyRulesGiveIt() throws Exception {
        Plan plan = planOf(Path.of("profiles/maria-desk-worker.yaml"));
        Document handout = Jsoup.parse(new HtmlReport(Fixtures.planner()).handout(plan, HandoutDetails.NONE));
        ProfileReader reader = new ProfileReader();
        for (org.backcare.profile.RedFlag flag : org.backcare.profile.RedFlag.values()) {
            // the sign alone, with back pain, as the rules see it
            Profile probe = reader.parse("probe", "{\"id\": \"probe\", \"age\": 45, \"pain\": {\"currentIntensity\": 5,"
                    + " \"usualIntensity\": 3, \"durationWeeks\": 8, \"areas\": [\"lower-back\"], \"redFlags\": [\""
                    + flag.wire() + "\"]}}", ProfileReader.Format.JSON);
            Plan probed = Fixtures.planner().plan(probe);
            assertThat(probed.triage().findings()).as(flag.wire()).isNotEmpty();
            String tier = "tier-" + probed.triage().findings().get(0).within().wireName();
            assertThat(handout.select(".seek-care p." + tier).text()).as(flag.wire() + " in " + tier)
                    .contains(org.backcare.rules.facts.PlainWords.sign(flag.wire()));
        }
        assertThat(handout.select(".seek-care p.tier-now").text()).contains("call your local emergency number");
        assertThat(handout.select(".seek-care p.tier-24-hours").text()).contains("out-of-hours",
                "still there a week later");
    }

    @Test
    void ruleAnchorsComeFromRuleNamesSoLinksStayWhenRulesAreAdded() {
        assertThat(RuleAnchors.slug("Smoking: a current smoker ready to quit gets support"))
                .isEqualTo("rule-smoking-a-current-smoker-ready-to-quit-gets-support");
        List<RuleInfo> rules = Fixtures.planner().rules().rules();
        RuleAnchors before = new RuleAnchors(rules.subList(1, rules.size()));
        RuleAnchors after = new RuleAnchors(rules);
        for (RuleInfo rule : rules.subList(1, rules.size())) {
            assertThat(after.anchor(rule.name())).isEqualTo(before.anchor(rule.name()));
        }
    }

    @Test
    void everySourceHasAnAddress() {
        assertThat(Fixtures.planner().rules().evidence().values()).allSatisfy(source ->
                assertThat(source.url()).as(source.id()).startsWith("https://"));
    }

    private static Plan planOf(Path file) {
        try {
            return Fixtures.planner().plan(new ProfileReader().read(file));
        } catch (InvalidProfileException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoProfilesWithOneIdAreReportedAndTheFirstPageIsKept() throws Exception {
        Path inputs = Files.createDirectories(dir.resolve("inputs"));
        Files.writeString(inputs.resolve("a.yaml"), "id: same\nage: 30\nsmoking: {status: current, readyToQuit: true}\n");
        Files.writeString(inputs.resolve("b.yaml"), "id: same\nage: 70\n");
        Path out = dir.resolve("site");

        HtmlReport.Site site = new HtmlReport(Fixtures.planner()).writeSite(List.of(inputs), out);

        assertThat(site.planned()).isEqualTo(1);
        assertThat(site.failures()).singleElement().asString().contains("b.yaml: id same is also the id of",
                "a.yaml", "not in the report");
        assertThat(Files.readString(out.resolve("profiles/same.html"))).contains("Get support to cut back on smoking");
    }

    @Test
    void theOverviewPutsTheMostUrgentFirstCountsEachLevelAndTheCatalogueListsEveryRule() throws Exception {
        Path out = dir.resolve("site");
        new HtmlReport(Fixtures.planner()).writeSite(List.of(Path.of("profiles")), out);

        Document index = Jsoup.parse(out.resolve("index.html").toFile());
        assertThat(index.select("table.chart caption").eachText()).contains("Profiles by triage level",
                "Profiles by STarT Back risk group", "Profiles with advice in each category",
                "The 20 rules that fired in most profiles");
        long urgent = Fixtures.exampleProfiles().stream().map(HtmlReportTest::planOf)
                .filter(plan -> plan.triage().level() == TriageLevel.URGENT).count();
        assertThat(urgent).isGreaterThanOrEqualTo(2);
        List<String> triage = index.select("table.profiles tbody tr").eachAttr("data-triage");
        assertThat(triage).hasSize(Fixtures.exampleProfiles().size());
        assertThat(triage.subList(0, (int) urgent)).containsOnly("urgent");
        assertThat(triage.stream().map(Population.TRIAGE_ORDER.stream().map(t -> t.replace(' ', '-')).toList()::indexOf)
                .toList()).isSorted();
        assertThat(index.select("table.chart").first().select("tbody tr").eachText())
                .contains("urgent " + urgent + " " + Math.round(100f * urgent / triage.size()) + "%");
        // a profile without a pain section is not assessed, never self-care
        assertThat(index.select("tr:has(a[href=profiles/sam-minimal.html])").attr("data-triage"))
                .isEqualTo("not-assessed");
        // no rule fired in more profiles than there are
        assertThat(index.select("table.chart").last().select("tbody td:nth-of-type(1)").eachText())
                .allMatch(count -> Integer.parseInt(count) <= triage.size());
        assertThat(index.select("form#filters select").eachAttr("id"))
                .containsExactly("filter-triage", "filter-risk", "filter-category");
        assertThat(index.select("footer").text()).contains("STarT Back Screening Tool is \u00a9 Keele University",
                "non-commercial use", "commercial use needs Keele University's permission");
        Document rules = Jsoup.parse(out.resolve("rules.html").toFile());
        assertThat(rules.select("footer").text()).contains("\u00a9 Keele University");
        // a red-flag rule shows the finding it concludes, as findings.yaml words it
        assertThat(rules.select("tr:has(th:contains(signs of cauda equina syndrome need emergency care now))"
                + " td[data-label=Recommends]").text())
                .contains("Finding: cauda equina syndrome or nerve root compression", "cauda-equina · now",
                        "Go to an emergency department now");
        assertThat(rules.select("tr:has(th:contains(signs of cauda equina syndrome need emergency care now))"
                + " td[data-label=Evidence] div.citation").eachText())
                .anyMatch(citation -> citation.contains("Low back pain and sciatica in over 16s"));
        Document rosa = Jsoup.parse(out.resolve("profiles/rosa-cancer-history.html").toFile());
        assertThat(rosa.select("ul.findings li").text()).contains(
                "Same-day medical assessment (within 24 hours): suspected metastatic spinal disease",
                "The person is told: Within 24 hours:", "Speak to your GP or your cancer team today");
        assertThat(rosa.select("section.focus article")).hasSize(1);
        assertThat(rosa.select("section.trajectory")).isEmpty();
        Document maria = Jsoup.parse(out.resolve("profiles/maria-desk-worker.html").toFile());
        assertThat(maria.select("section.trajectory svg circle")).hasSize(HtmlReport.PROGRAMME_WEEKS);
        assertThat(maria.select("section.trajectory table td[data-label=Decision]").eachText()).contains("progress");
        Document frank = Jsoup.parse(out.resolve("profiles/frank-osteoporosis.html").toFile());
        assertThat(frank.select("section.focus article h3").eachText()).startsWith("See a doctor within a week");
        // his pain is in the upper back: the neck and upper back routine, without its turns (a fracture risk)
        assertThat(frank.select("ul.exercises li").eachText())
                .contains("chin tucks sitting tall: draw your chin straight back, hold 3 seconds, 10 times")
                .noneMatch(e -> e.contains("twist") || e.contains("turns"));
        List<RuleInfo> all = Fixtures.planner().rules().rules();
        assertThat(rules.select("tr.rule")).hasSize(all.size());
        for (RuleInfo rule : all) {
            assertThat(rules.select("tr.rule th").eachText()).contains(rule.name());
        }
        assertThat(rules.select("tr.rule td[data-label=File and line]").eachText()).contains("smoking.drl:" + all
                .stream().filter(r -> r.file().equals("smoking.drl")).findFirst().orElseThrow().line());
        assertThat(rules.select("tr.rule td[data-label=Evidence] div.citation")).allMatch(c -> !c.select("a").isEmpty());
    }

    @Test
    void textFromRulesAndFileNamesIsEscaped() throws Exception {
        // given a rule set whose rule name and advice title carry markup, and a profile file named with markup
        Path rules = Fixtures.copyOfRules(dir);
        Fixtures.replace(rules.resolve("smoking.drl"), "rule \"Smoking: a current smoker ready to quit gets support",
                "rule \"Smoking: <script>alert('rule')</script> ready to quit gets support");
        Fixtures.replace(rules.resolve("advice.yaml"), "title: Get support to cut back on smoking",
                "title: <img src=x onerror=alert(1)> Get support");
        Path inputs = Files.createDirectories(dir.resolve("in"));
        Path named = Files.writeString(inputs.resolve("<b>bold<b>.json"),
                "{\"id\": \"smoker\", \"age\": 40, \"smoking\": {\"status\": \"current\", \"readyToQuit\": true}}");

        // when
        Path out = dir.resolve("site");
        new HtmlReport(Planner.fromDirectory(rules)).writeSite(List.of(inputs), out);

        // then the markup shows as text and never becomes elements
        Document page = Jsoup.parse(out.resolve("profiles/smoker.html").toFile());
        assertThat(page.select("script, img, b")).isEmpty();
        assertThat(page.text()).contains("<script>alert('rule')</script>", "<img src=x onerror=alert(1)>",
                named.getFileName().toString()).doesNotContain(named.getParent().toString());
        Document catalogue = Jsoup.parse(out.resolve("rules.html").toFile());
        assertThat(catalogue.select("script, img")).isEmpty();
    }

    @Test
    void theSiteNeedsNoNetwork() throws Exception {
        Path out = dir.resolve("site");
        new HtmlReport(Fixtures.planner()).writeSite(List.of(Path.of("profiles/maria-desk-worker.yaml")), out);

        for (Path page : List.of(out.resolve("index.html"), out.resolve("rules.html"),
                out.resolve("profiles/maria-desk-worker.html"))) {
            Document html = Jsoup.parse(page.toFile());
            assertThat(html.select("script[src], img[src]")).as(page.toString()).isEmpty();
            // the one link a page may hold is the site's own stylesheet, beside it on disk
            for (org.jsoup.nodes.Element link : html.select("link[href]")) {
                assertThat(link.attr("href")).doesNotContain(":").doesNotStartWith("/");
                assertThat(page.getParent().resolve(link.attr("href")).normalize()).exists();
            }
        }
    }

    @Test
    void aReportStopsPlanningAfterEightProfilesHangAndListsTheRest() throws Exception {
        Path rules = Fixtures.copyOfRulesWith(dir, "stuck", "", Fixtures.WAIT_FOR_EVER);
        HtmlReport report = new HtmlReport(Planner.fromDirectory(rules));

        HtmlReport.Site site;
        try (org.backcare.io.OutputDirectory out = org.backcare.io.OutputDirectory.open(dir.resolve("site"))) {
            site = report.writeSite(List.of(Path.of("profiles")), out, java.time.Duration.ofMillis(200));
        }

        assertThat(site.planned()).isZero();
        assertThat(site.failures()).hasSize(Fixtures.exampleProfiles().size());
        assertThat(site.failures().stream().filter(f -> f.contains("planning took longer than 0.2 s"))).hasSize(8);
        assertThat(site.failures().stream().filter(f -> f.contains("not planned: the rules hung on 8 profiles")))
                .hasSize(Fixtures.exampleProfiles().size() - 8);
    }
}
