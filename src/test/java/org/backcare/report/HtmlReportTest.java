package org.backcare.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backcare.Fixtures;
import org.backcare.Planner;
import org.backcare.plan.Plan;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.Recommendation;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.rules.RuleInfo;
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
        for (Path file : profiles) {
            Profile profile = reader.read(file);
            Plan plan = Fixtures.planner().plan(profile);
            Path page = out.resolve("profiles/" + profile.id() + ".html");
            assertThat(index.select("a[href=profiles/" + profile.id() + ".html]")).hasSize(1);
            Document html = Jsoup.parse(page.toFile());
            assertThat(html.select("h1").text()).isEqualTo("Plan for " + profile.id());
            List<Element> cards = html.select("div.recommendation");
            assertThat(cards).hasSize(plan.recommendations().size());
            for (int i = 0; i < cards.size(); i++) {
                Recommendation r = plan.recommendations().get(i);
                Element card = cards.get(i);
                assertThat(card.id()).isEqualTo(r.id());
                assertThat(card.select("a.rule").text()).isEqualTo(r.rule());
                assertThat(card.select("ul.because li").eachText()).isEqualTo(r.because());
                assertThat(card.select("li.citation")).hasSize(r.evidence().size());
                for (String id : r.evidence()) {
                    String citation = Fixtures.planner().rules().evidence().get(id).citation();
                    assertThat(card.select("li.citation").text()).contains(citation);
                }
            }
            assertThat(html.select("table.week")).hasSize(plan.weeklyPlan() == null ? 0 : 1);
        }
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
    void theOverviewCountsTriageAndTheCatalogueListsEveryRule() throws Exception {
        Path out = dir.resolve("site");
        new HtmlReport(Fixtures.planner()).writeSite(List.of(Path.of("profiles")), out);

        Document index = Jsoup.parse(out.resolve("index.html").toFile());
        assertThat(index.select("div.chart h3").eachText()).contains("Triage levels", "STarT Back risk groups",
                "Recommendations by category");
        assertThat(index.select("div.chart svg")).isNotEmpty();
        long urgent = Fixtures.exampleProfiles().stream().map(HtmlReportTest::planOf)
                .filter(plan -> plan.triage().level() == TriageLevel.URGENT).count();
        assertThat(urgent).isGreaterThanOrEqualTo(2);
        assertThat(index.select("table.profiles span.pill.urgent")).hasSize((int) urgent);
        assertThat(index.select("footer").text()).contains("STarT Back Screening Tool is \u00a9 Keele University",
                "non-commercial use", "commercial use needs Keele University's permission");
        Document rules = Jsoup.parse(out.resolve("rules.html").toFile());
        assertThat(rules.select("footer").text()).contains("\u00a9 Keele University");
        Document rosa = Jsoup.parse(out.resolve("profiles/rosa-cancer-history.html").toFile());
        assertThat(rosa.select("div.finding").text()).contains("Suspected: metastatic spinal disease", "within 24-hours",
                "Speak to your GP or your cancer team today");
        assertThat(rosa.select("ol.focus li")).hasSize(1);
        assertThat(rosa.select("section.trajectory")).isEmpty();
        Document maria = Jsoup.parse(out.resolve("profiles/maria-desk-worker.html").toFile());
        assertThat(maria.select("section.trajectory svg circle")).hasSize(HtmlReport.PROGRAMME_WEEKS);
        assertThat(maria.select("section.trajectory table tr td:nth-child(3)").eachText()).contains("progress");
        Document frank = Jsoup.parse(out.resolve("profiles/frank-osteoporosis.html").toFile());
        assertThat(frank.select("ol.focus li").eachText()).startsWith("See a doctor within a week");
        assertThat(frank.select("ul.exercises li").eachText()).contains("heel slides lying on your back, 10 each leg")
                .noneMatch(e -> e.contains("twist"));
        List<RuleInfo> all = Fixtures.planner().rules().rules();
        assertThat(rules.select("tr.rule")).hasSize(all.size());
        for (RuleInfo rule : all) {
            assertThat(rules.select("tr.rule td:first-child").eachText()).contains(rule.name());
        }
        assertThat(rules.select("tr.rule td.nowrap").eachText()).contains("smoking.drl:" + all.stream()
                .filter(r -> r.file().equals("smoking.drl")).findFirst().orElseThrow().line());
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
                named.toString());
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
            assertThat(html.select("script[src], link[href], img[src]")).as(page.toString()).isEmpty();
        }
    }
}
