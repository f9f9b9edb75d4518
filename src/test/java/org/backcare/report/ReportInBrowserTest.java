package org.backcare.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.backcare.Fixtures;
import org.backcare.generate.ProfileGenerator;
import org.backcare.plan.Plan;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.ProfileWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report in a real browser: headless Chromium (the system's, with its chromedriver; nothing is downloaded) at
 * phone (390 px) and desktop (1400 px) widths. No page scrolls sideways; a profile page reads triage, focus and
 * week first; chart text stays readable; a printed handout fits two A4 pages; the overview filters by triage; and
 * axe-core finds no serious accessibility violation. Screenshots go to {@code target/browser-check/screenshots}.
 *
 * <p>The report covers the example profiles and {@value #DEFAULT_GENERATED} generated ones here;
 * {@code bench/browser-check} runs the same check on 2,000 ({@code -Dbackcare.browser.generated=2000}). Needs
 * Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them when they are missing).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportInBrowserTest {
    static final int DEFAULT_GENERATED = 40;
    private static final int PHONE = 390;
    private static final int DESKTOP = 1400;
    private static final Path CHROMIUM = Path.of(System.getProperty("backcare.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("backcare.chromedriver", "/usr/bin/chromedriver"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root = Path.of("target", "browser-check").toAbsolutePath();
    private final Path site = root.resolve("site");
    private final Path screenshots = root.resolve("screenshots");
    private final List<Path> examplePages = new ArrayList<>();
    private final List<Path> handouts = new ArrayList<>();
    private final List<Path> otherPages = new ArrayList<>();
    private ChromeDriver browser;

    @BeforeAll
    void writeTheReportAndStartTheBrowser() throws Exception {
        org.backcare.Required.assume(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "chromium",
                "the browser checks of the report and the review workspace", "install Debian's chromium and"
                        + " chromium-driver (.ci/run does), or name them with -Dbackcare.chromium and"
                        + " -Dbackcare.chromedriver");
        deleteRecursively(root);
        Files.createDirectories(screenshots);
        Path generated = Files.createDirectories(root.resolve("input")).resolve("generated.jsonl");
        int count = Integer.getInteger("backcare.browser.generated", DEFAULT_GENERATED);
        ProfileGenerator generator = new ProfileGenerator(13);
        ProfileWriter writer = new ProfileWriter();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) lines.add(writer.toJsonLine(generator.profile(i)));
        Files.write(generated, lines);
        HtmlReport report = new HtmlReport(Fixtures.planner());
        HtmlReport.Site written = report.writeSite(List.of(Path.of("profiles"), generated), site);
        assertThat(written.failures()).isEmpty();

        ProfileReader reader = new ProfileReader();
        Path extra = Files.createDirectories(site.resolve("extra"));
        for (Path file : Fixtures.exampleProfiles()) {
            Profile profile = reader.read(file);
            Plan plan = Fixtures.planner().plan(profile);
            examplePages.add(site.resolve("profiles/" + profile.id() + ".html"));
            handouts.add(Files.writeString(extra.resolve(profile.id() + ".handout.html"), report.handout(plan, HandoutDetails.NONE)));
        }
        Profile maria = reader.read(Path.of("profiles/maria-desk-worker.yaml"));
        otherPages.add(Files.writeString(extra.resolve("standalone.html"),
                report.page(maria, Fixtures.planner().plan(maria), "profiles/maria-desk-worker.yaml")));
        otherPages.add(Files.writeString(extra.resolve("catalogue.html"), report.catalogue()));
        otherPages.add(Files.writeString(extra.resolve("diff.html"), report.diff("sha256:0", List.of())));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) browser.quit();
    }

    /**
     * Opens {@code page} at {@code width} and waits until the browser shows it, loaded: Chromium can return from a
     * navigation while the page before is still the document, and a check would then read the wrong page. The page
     * before is marked, so that reopening the same page waits for the new document too.
     */
    private void open(Path page, int width) {
        browser.manage().window().setSize(new Dimension(width, 900));
        String url = page.toUri().toString();
        browser.executeScript("window.backcareOldPage = true;");
        browser.get(url);
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(WebDriverException.class)
                .until(driver -> Boolean.TRUE.equals(browser.executeScript("return window.backcareOldPage === undefined"
                        + " && document.readyState === 'complete' && document.URL === arguments[0];", url)));
    }

    private long number(String script) {
        return ((Number) browser.executeScript(script)).longValue();
    }

    /** Every page of the site and beside it: overview, catalogue, each profile, handouts, standalone pages. */
    private List<Path> everyPage() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(site.resolve("index.html"), site.resolve("rules.html")));
        try (Stream<Path> profiles = Files.list(site.resolve("profiles"))) {
            pages.addAll(profiles.sorted().toList());
        }
        pages.addAll(handouts);
        pages.addAll(otherPages);
        return pages;
    }

    @Test
    void noPageScrollsSidewaysAtPhoneOrDesktopWidth() throws Exception {
        List<String> overflowing = new ArrayList<>();
        for (int width : new int[] {PHONE, DESKTOP}) {
            for (Path page : everyPage()) {
                open(page, width);
                if (width == PHONE) {
                    assertThat(number("return window.innerWidth")).as("the viewport").isEqualTo(PHONE);
                }
                long over = number("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                if (over > 0) overflowing.add(site.relativize(page) + " at " + width + " px: " + over + " px too wide");
            }
        }
        assertThat(overflowing).isEmpty();
        for (String name : List.of("index.html", "rules.html", "profiles/maria-desk-worker.html",
                "profiles/rosa-cancer-history.html", "extra/maria-desk-worker.handout.html")) {
            for (int width : new int[] {PHONE, DESKTOP}) {
                open(site.resolve(name), width);
                browser.manage().window().setSize(new Dimension(width, 2400));
                Files.write(screenshots.resolve(name.replace('/', '-').replace(".html", "") + "-" + width + ".png"),
                        browser.getScreenshotAs(OutputType.BYTES));
            }
        }
    }

    @Test
    void onAPhoneAProfilePageReadsTriageFocusAndTheWeekBeforeTheRestAndTheFactsLast() {
        for (Path page : examplePages) {
            open(page, PHONE);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> sections = (List<Map<String, Object>>) browser.executeScript(
                    "return Array.from(document.querySelectorAll('div.screen-only > section')).map(s =>"
                            + " ({name: s.className, top: s.getBoundingClientRect().top}));");
            List<String> names = sections.stream().map(s -> (String) s.get("name")).toList();
            assertThat(names).as(page.toString()).startsWith("triage").endsWith("facts")
                    .containsSubsequence("triage", "week-plan", "facts");
            if (names.contains("focus")) assertThat(names.indexOf("focus")).isEqualTo(1);
            if (names.contains("more")) assertThat(names.indexOf("more")).isGreaterThan(names.indexOf("week-plan"));
            List<Double> tops = sections.stream().map(s -> ((Number) s.get("top")).doubleValue()).toList();
            assertThat(tops).as(page + ": each section below the one before").isSorted();
        }
    }

    @Test
    void chartTextStaysReadableAtEveryWidth() {
        for (int width : new int[] {PHONE, DESKTOP}) {
            open(site.resolve("index.html"), width);
            double smallest = ((Number) browser.executeScript("return Math.min(...Array.from(document.querySelectorAll("
                    + "'table.chart th, table.chart td')).map(e => parseFloat(getComputedStyle(e).fontSize)));"))
                    .doubleValue();
            assertThat(smallest).as("chart text at " + width + " px").isGreaterThanOrEqualTo(12);
            open(site.resolve("profiles/maria-desk-worker.html"), width);
            double svgText = ((Number) browser.executeScript("return Math.min(...Array.from(document.querySelectorAll("
                    + "'section.trajectory svg text')).map(t => t.getBoundingClientRect().height));")).doubleValue();
            assertThat(svgText).as("programme chart text at " + width + " px").isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void aPrintedHandoutFitsTwoPagesForEveryExampleProfile() throws Exception {
        PrintOptions a4 = new PrintOptions();
        a4.setPageSize(new PageSize(29.7, 21.0));
        Pattern page = Pattern.compile("/Type\\s*/Page[^s]");
        for (List<Path> pages : List.of(handouts, examplePages)) {
            for (Path file : pages) {
                open(file, DESKTOP);
                Pdf pdf = browser.print(a4);
                String text = new String(Base64.getDecoder().decode(pdf.getContent()), StandardCharsets.ISO_8859_1);
                Matcher pages2 = page.matcher(text);
                int count = 0;
                while (pages2.find()) count++;
                assertThat(count).as(file + " printed").isBetween(1, 2);
            }
        }
    }

    @Test
    void theOverviewListsTheMostUrgentFirstAndFiltersByTriageAtEveryWidth() {
        for (int width : new int[] {PHONE, DESKTOP}) {
            open(site.resolve("index.html"), width);
            @SuppressWarnings("unchecked")
            List<String> triage = (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                    + "'table.profiles tbody tr')).map(r => r.dataset.triage);");
            List<String> order = Population.TRIAGE_ORDER.stream().map(t -> t.replace(' ', '-')).toList();
            assertThat(triage.stream().map(order::indexOf).toList()).isSorted();
            long urgent = triage.stream().filter("urgent"::equals).count();
            assertThat(urgent).isPositive();

            new Select(browser.findElement(org.openqa.selenium.By.id("filter-triage"))).selectByValue("urgent");

            // what the eye sees: rows that take up room on the page, not only rows marked hidden
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                    + "'table.profiles tbody tr')).filter(r => r.getClientRects().length > 0)"
                    + ".map(r => r.dataset.triage);");
            assertThat(shown).as("rows shown at " + width + " px").hasSize((int) urgent).containsOnly("urgent");
            assertThat(browser.findElement(org.openqa.selenium.By.id("filter-count")).getText())
                    .isEqualTo(urgent + " of " + triage.size() + " profiles shown");
        }
    }

    @Test
    void onAPhoneEveryTapTargetIs44PixelsOrMoreOnEveryKindOfPage() {
        List<Path> kinds = new ArrayList<>(List.of(site.resolve("index.html"), site.resolve("rules.html"),
                site.resolve("profiles/maria-desk-worker.html"), site.resolve("profiles/rosa-cancer-history.html")));
        kinds.add(handouts.stream().filter(p -> p.getFileName().toString().startsWith("maria-desk-worker"))
                .findFirst().orElseThrow());
        for (Path page : kinds) {
            open(page, PHONE);
            @SuppressWarnings("unchecked")
            List<String> small = (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                    + "'a, button, select, summary, input, label.tick')).filter(e => e.getClientRects().length > 0"
                    + " && !e.closest('.print-only') && !(e.matches('input') && e.closest('label.tick')))"
                    + ".map(e => [e, e.getBoundingClientRect()]).filter(([e, r]) => r.width < 44 || r.height < 44)"
                    + ".map(([e, r]) => e.tagName + ' ' + (e.textContent || e.id).trim().slice(0, 30) + ' '"
                    + " + Math.round(r.width) + 'x' + Math.round(r.height));");
            assertThat(small).as("tap targets under 44 x 44 px on " + page.getFileName()).isEmpty();
        }
    }

    @Test
    void aHandoutIsAChecklistWithExercisesOnTheirOwnLinesAndAnUrgentOneOpensWithTheRedBox() {
        Path maria = handouts.stream().filter(p -> p.getFileName().toString().startsWith("maria-desk-worker"))
                .findFirst().orElseThrow();
        open(maria, PHONE);
        assertThat(number("return document.querySelectorAll('ol.exercise-steps > li').length")).isGreaterThan(5);
        assertThat(number("return document.querySelectorAll('table.checklist input[type=checkbox]').length"))
                .isGreaterThanOrEqualTo(7);
        String text = browser.findElement(org.openqa.selenium.By.tagName("body")).getText();
        assertThat(text).doesNotContain("sha256").doesNotContainPattern("(^|\\s)/[a-z]+/");

        Path gloria = handouts.stream().filter(p -> p.getFileName().toString().startsWith("gloria-urgent-numbness"))
                .findFirst().orElseThrow();
        for (int width : new int[] {PHONE, DESKTOP}) {
            open(gloria, width);
            assertThat(browser.executeScript("return document.querySelector('main').firstElementChild"
                    + ".firstElementChild.className")).as("first element at " + width + " px").isEqualTo("emergency");
            assertThat(number("return document.querySelectorAll('input, .exercise-steps').length")).isZero();
        }
    }

    @Test
    void axeCoreFindsNoSeriousAccessibilityViolation() throws Exception {
        String axe;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("axe.min.js")) {
            assertThat(in).as("axe.min.js from com.deque.html.axe-core:selenium").isNotNull();
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // every kind of page once: the overview, the catalogue, a plan at each triage level (and one not assessed),
        // a handout, a standalone page, the catalogue alone and a diff (axe takes about a second a page)
        List<Path> pages = new ArrayList<>(List.of(site.resolve("index.html"), site.resolve("rules.html")));
        for (String id : List.of("maria-desk-worker", "rosa-cancer-history", "frank-osteoporosis", "sam-minimal")) {
            pages.add(site.resolve("profiles/" + id + ".html"));
        }
        pages.add(handouts.get(0));
        pages.addAll(otherPages);
        List<String> serious = new ArrayList<>();
        for (int width : new int[] {DESKTOP, PHONE}) {
            for (Path page : width == DESKTOP ? pages : pages.subList(0, 3)) {
                open(page, width);
                browser.executeScript(axe);
                String result = (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify("
                        + "r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,"
                        + " target: v.nodes.length ? v.nodes[0].target : null}))))).catch(e => done('error: ' + e));");
                assertThat(result).as(page.toString()).doesNotStartWith("error");
                for (JsonNode violation : JSON.readTree(result)) {
                    String impact = violation.get("impact").asText();
                    if (impact.equals("serious") || impact.equals("critical")) {
                        serious.add(site.relativize(page) + " at " + width + " px: " + violation);
                    }
                }
            }
        }
        assertThat(serious).isEmpty();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
