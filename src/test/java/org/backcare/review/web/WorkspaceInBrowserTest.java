package org.backcare.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.backcare.Fixtures;
import org.backcare.report.HtmlReport;
import org.backcare.review.Account;
import org.backcare.review.Accounts;
import org.backcare.review.PersonState;
import org.backcare.review.Workspace;
import org.backcare.review.WorkspaceDatabase;
import org.backcare.serve.CdsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The review workspace as a clinician uses it, in headless Chromium (the system's, as {@code ReportInBrowserTest}):
 * sign in, open the worklist, open the most urgent person, override (assess a chronic flag, set an intensity
 * ceiling), see the new plan and what changed, sign it off, restart the server, and find the decision and its audit
 * entries still there. A viewer sees no action and is refused one; a form posted without its CSRF token is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceInBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("backcare.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("backcare.chromedriver", "/usr/bin/chromedriver"));
    private static final String LEE_PASSWORD = "correct horse battery staple";
    private static final String SAM_PASSWORD = "viewer password of sam";

    @TempDir
    Path dir;
    private WorkspaceDatabase database;
    private CdsServer server;
    private ChromeDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startTheBrowser() {
        org.backcare.Required.assume(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "chromium",
                "the browser checks of the report and the review workspace", "install Debian's chromium and"
                        + " chromium-driver (.ci/run does), or name them with -Dbackcare.chromium and"
                        + " -Dbackcare.chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
                options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.quit();
        stopServer();
    }

    /** The server with its workspace in {@code data}, as {@code serve --data} starts it. */
    private void startServer(Path data) throws Exception {
        database = WorkspaceDatabase.embedded(data);
        Workspace workspace = new Workspace(database, Fixtures.planner(), Clock.systemUTC());
        WorkspaceSite site = new WorkspaceSite(workspace, new Accounts(database, Clock.systemUTC()),
                new HtmlReport(Fixtures.planner()), Clock.systemUTC(), false);
        server = CdsServer.start(Fixtures.planner(), CdsServer.Options.defaults(0), site);
    }

    private void stopServer() {
        if (server != null) server.close();
        if (database != null) database.close();
        server = null;
        database = null;
    }

    private String url(String path) {
        return server.uri() + path;
    }

    private void signIn(String name, String password) {
        browser.manage().deleteAllCookies();
        browser.get(url("/"));
        browser.findElement(By.name("name")).sendKeys(name);
        browser.findElement(By.name("password")).sendKeys(password);
        submit(browser.findElement(By.cssSelector("form.action button[type=submit]")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Worklist");
    }

    /**
     * Clicks a form's button, or a link, and waits for the page it leads to. It marks the current page's window and
     * waits until a loaded page lacks the mark: asking the clicked element whether it is stale can fail in Chromium
     * with "Node with given id does not belong to the document" while the old page is being replaced.
     */
    private void submit(WebElement element) {
        JavascriptExecutor script = (JavascriptExecutor) browser;
        script.executeScript("window.backcareOldPage = true;");
        element.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(WebDriverException.class)
                .until(driver -> Boolean.TRUE.equals(script.executeScript(
                "return window.backcareOldPage === undefined && document.readyState === 'complete';")));
    }

    private void workspaceWithPeople(Path data) throws Exception {
        try (WorkspaceDatabase setUp = WorkspaceDatabase.embedded(data)) {
            Accounts accounts = new Accounts(setUp, Clock.systemUTC());
            accounts.add("lee", Account.Role.CLINICIAN, LEE_PASSWORD.toCharArray(), "test");
            accounts.add("sam", Account.Role.VIEWER, SAM_PASSWORD.toCharArray(), "test");
            Workspace workspace = new Workspace(setUp, Fixtures.planner(), Clock.systemUTC());
            // the most urgent: a history of cancer with pain, to see a clinician within a week
            workspace.put(Fixtures.profile("""
                    id: a-cancer-history
                    age: 61
                    pain: {currentIntensity: 3, durationWeeks: 20, areas: [lower-back], redFlags: [history-of-cancer]}
                    activity: {likes: [walking, yoga], activeMinutesPerWeek: 60}
                    """), "test", "test");
            workspace.put(Fixtures.profile("""
                    id: b-not-screened
                    age: 40
                    pain: {currentIntensity: 4, durationWeeks: 3, areas: [lower-back]}
                    """), "test", "test");
            workspace.put(Fixtures.profile("""
                    id: c-self-care
                    age: 35
                    pain: {currentIntensity: 2, durationWeeks: 2, areas: [lower-back], redFlags: []}
                    """), "test", "test");
        }
    }

    @Test
    void aClinicianOverridesAndSignsOffTheMostUrgentAndTheDecisionOutlivesARestart() throws Exception {
        Path data = dir.resolve("workspace");
        workspaceWithPeople(data);
        startServer(data);

        // a stranger sees the sign-in form and nothing else
        browser.get(url("/review"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
        signIn("lee", LEE_PASSWORD);
        List<WebElement> rows = browser.findElements(By.cssSelector("table.worklist tbody tr"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getText()).contains("a-cancer-history", "1-week", "see-clinician");
        assertThat(rows.get(1).getText()).contains("b-not-screened", "not screened");

        submit(rows.get(0).findElement(By.tagName("a")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Review of a-cancer-history");
        assertThat(browser.findElement(By.cssSelector("section.triage")).getText()).contains("Triage: see-clinician");
        WebElement override = browser.findElement(By.cssSelector("form[action$='/override']"));
        new Select(override.findElement(By.name("assessed-history-of-cancer"))).selectByValue("managed");
        new Select(override.findElement(By.name("intensityCeiling"))).selectByValue("light");
        override.findElement(By.name("reason")).sendKeys("Oncology letter: in remission since 2019");
        submit(override.findElement(By.cssSelector("button[type=submit]")));

        assertThat(browser.findElement(By.cssSelector(".message")).getText())
                .isEqualTo("Overridden: plan version 2 awaits sign-off.");
        assertThat(browser.findElement(By.cssSelector("section.changes")).getText())
                .contains("What changed since plan version 1", "triage see-clinician -> self-care");
        assertThat(browser.findElement(By.cssSelector("section.week-plan")).getText()).doesNotContain("No activity plan");

        WebElement signOff = browser.findElement(By.cssSelector("form[action$='/sign-off']"));
        signOff.findElement(By.name("reason")).sendKeys("New plan fits the assessment");
        submit(signOff.findElement(By.cssSelector("button[type=submit]")));
        assertThat(browser.findElement(By.cssSelector(".message")).getText()).isEqualTo("Plan version 2 signed off.");

        stopServer();
        startServer(data);
        signIn("lee", LEE_PASSWORD);
        browser.get(url("/review/p/a-cancer-history"));
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("signed-off", "plan version 2 signed off by lee");
        List<String> trail = browser.findElements(By.cssSelector("tr.audit-entry")).stream().map(WebElement::getText)
                .toList();
        assertThat(trail).hasSize(3);
        assertThat(trail.get(0)).contains("import");
        assertThat(trail.get(1)).contains("lee", "override", "1 \u2192 2", "Oncology letter: in remission since 2019");
        assertThat(trail.get(2)).contains("lee", "sign-off", "2 \u2192 2", "New plan fits the assessment");
        // signed off, the person leaves the worklist of those to review
        browser.get(url("/review"));
        assertThat(browser.findElement(By.cssSelector("table.worklist")).getText()).doesNotContain("a-cancer-history");
        stopServer();
    }

    @Test
    void aViewerSeesNoActionAndIsRefusedOneAndAFormWithoutItsTokenIsRefused() throws Exception {
        Path data = dir.resolve("workspace-viewer");
        workspaceWithPeople(data);
        startServer(data);
        try {
            signIn("sam", SAM_PASSWORD);
            browser.get(url("/review/p/a-cancer-history"));
            assertThat(browser.findElements(By.cssSelector("form[action$='/sign-off'], form[action$='/override']")))
                    .isEmpty();
            String samCookie = browser.manage().getCookieNamed(WorkspaceSite.COOKIE).getValue();
            String samCsrf = browser.findElement(By.cssSelector("nav form input[name=csrf]")).getAttribute("value");

            HttpResponse<String> byViewer = post("/review/p/a-cancer-history/sign-off", samCookie,
                    "csrf=" + samCsrf + "&rowVersion=0&reason=looks+fine");

            assertThat(byViewer.statusCode()).isEqualTo(403);
            assertThat(byViewer.body()).contains("sam is a viewer and may not act on plans");

            signIn("lee", LEE_PASSWORD);
            String leeCookie = browser.manage().getCookieNamed(WorkspaceSite.COOKIE).getValue();
            HttpResponse<String> noToken = post("/review/p/a-cancer-history/sign-off", leeCookie,
                    "rowVersion=0&reason=looks+fine");
            HttpResponse<String> wrongToken = post("/review/p/a-cancer-history/sign-off", leeCookie,
                    "csrf=" + samCsrf + "&rowVersion=0&reason=looks+fine");

            assertThat(noToken.statusCode()).isEqualTo(403);
            assertThat(wrongToken.statusCode()).isEqualTo(403);
            assertThat(noToken.body()).contains("did not come from this site");
            Workspace workspace = new Workspace(database, Fixtures.planner(), Clock.systemUTC());
            PersonState person = workspace.person("a-cancer-history").orElseThrow();
            assertThat(person.state()).isEqualTo(PersonState.AWAITING);
            assertThat(workspace.audit("a-cancer-history", 0, 10)).hasSize(1);
        } finally {
            stopServer();
        }
    }

    private HttpResponse<String> post(String path, String sessionCookie, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", WorkspaceSite.COOKIE + "=" + sessionCookie)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
