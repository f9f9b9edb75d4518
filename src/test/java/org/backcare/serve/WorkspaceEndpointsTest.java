package org.backcare.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backcare.Fixtures;
import org.backcare.profile.AllowedIntensity;
import org.backcare.profile.Clinician;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.report.HtmlReport;
import org.backcare.review.Account;
import org.backcare.review.Accounts;
import org.backcare.review.PersonState;
import org.backcare.review.Workspace;
import org.backcare.review.WorkspaceDatabase;
import org.backcare.review.web.WorkspaceSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with the review workspace on, over loopback: what {@code POST /plan} and CDS Hooks calls plan is kept
 * for review, a card says who signed its plan off, sign-in attempts are limited, and a clinician acting on a version
 * someone changed since is told so and shown the new one.
 */
class WorkspaceEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Account LEE = new Account("lee", Account.Role.CLINICIAN);
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;
    private WorkspaceDatabase database;
    private Workspace workspace;
    private CdsServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws Exception {
        database = WorkspaceDatabase.embedded(dir.resolve("workspace"));
        workspace = new Workspace(database, Fixtures.planner(), Clock.systemUTC());
        Accounts accounts = new Accounts(database, Clock.systemUTC());
        accounts.add("lee", Account.Role.CLINICIAN, PASSWORD.toCharArray(), "test");
        accounts.add("sam", Account.Role.VIEWER, PASSWORD.toCharArray(), "test");
        server = CdsServer.start(Fixtures.planner(), CdsServer.Options.defaults(0), new WorkspaceSite(workspace,
                accounts, new HtmlReport(Fixtures.planner()), Clock.systemUTC(), false));
    }

    @AfterEach
    void stop() {
        server.close();
        database.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create(server.uri() + path));
    }

    /** Waits until the workspace has kept {@code id} (it keeps off the request's thread). */
    private PersonState kept(String id) throws Exception {
        for (int i = 0; i < 200; i++) {
            Optional<PersonState> person = workspace.person(id);
            if (person.isPresent()) return person.get();
            Thread.sleep(50);
        }
        throw new AssertionError(id + " was not kept within 10 s");
    }

    @Test
    void whatPostPlanAndAHookCallPlanIsKeptAndACardSaysWhoSignedItsPlanOff() throws Exception {
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        String json = new org.backcare.profile.ProfileWriter().toJsonLine(maria);

        HttpResponse<String> planned = send(to("/plan").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        PersonState person = kept(maria.id());
        String before = cardText(CdsServerTest.hookRequest(maria));
        workspace.signOff(maria.id(), person.rowVersion(), "reviewed", LEE);
        String after = cardText(CdsServerTest.hookRequest(maria));

        assertThat(planned.statusCode()).isEqualTo(200);
        assertThat(person.planVersion()).isEqualTo(1);
        assertThat(workspace.audit(maria.id(), 0, 10).get(0).detail()).contains("from POST /plan");
        assertThat(before).doesNotContain("Review:");
        assertThat(after).contains("Review: signed off by lee on ", "(plan version 1)");
    }

    /** The triage card's detail for a hook call. */
    private String cardText(String request) throws Exception {
        HttpResponse<String> response = send(to("/cds-services/backcare-plan").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode cards = JSON.readTree(response.body()).get("cards");
        return cards.get(0).get("detail").asText();
    }

    /** Signs in as the form does; the session cookie, or the response when refused. */
    private HttpResponse<String> signIn(String name, String password) throws Exception {
        HttpResponse<String> form = send(to("/sign-in").GET());
        String token = form.headers().firstValue("Set-Cookie").orElseThrow().replaceFirst(";.*", "");
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).isTrue();
        return send(to("/sign-in").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", token).POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1) + "&name="
                        + name + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8))));
    }

    @Test
    void aProfileFileUploadedOrPastedIsPlannedAndAddedForReview() throws Exception {
        HttpResponse<String> signedIn = signIn("lee", PASSWORD);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().replaceFirst(";.*", "");
        HttpResponse<String> form = send(to("/review/new").header("Cookie", cookie).GET());
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).isTrue();
        String yaml = Files.readString(Path.of("profiles/maria-desk-worker.yaml"));
        String boundary = "----backcare-test-boundary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf.group(1)
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"maria.yaml\"\r\n"
                + "Content-Type: application/yaml\r\n\r\n" + yaml + "\r\n--" + boundary + "--\r\n";

        HttpResponse<String> uploaded = send(to("/review/new").header("Cookie", cookie)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart)));
        HttpResponse<String> pasted = send(to("/review/new").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "csrf=" + csrf.group(1) + "&profile=" + URLEncoder.encode("id: p2\nage: 50\n",
                                StandardCharsets.UTF_8))));
        HttpResponse<String> withoutToken = send(to("/review/new").header("Cookie", cookie)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart.replace(csrf.group(1), "forged"))));
        HttpResponse<String> invalid = send(to("/review/new").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "csrf=" + csrf.group(1) + "&profile=" + URLEncoder.encode("id: p3\nage: 250\n",
                                StandardCharsets.UTF_8))));

        assertThat(uploaded.statusCode()).isEqualTo(303);
        assertThat(uploaded.headers().firstValue("Location")).contains("/review/p/maria-desk-worker");
        assertThat(workspace.audit("maria-desk-worker", 0, 10).get(0).detail()).contains("uploaded by lee");
        assertThat(pasted.statusCode()).isEqualTo(303);
        assertThat(workspace.person("p2")).isPresent();
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("the pasted profile", "age");
        assertThat(workspace.person("p3")).isEmpty();
    }

    @Test
    void afterFiveWrongPasswordsForANameEvenTheRightOneWaitsAndEveryAttemptIsRecorded() throws Exception {
        for (int i = 0; i < 5; i++) assertThat(signIn("lee", "wrong password number " + i).statusCode()).isEqualTo(401);

        HttpResponse<String> sixth = signIn("lee", PASSWORD);

        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.body()).contains("Too many attempts: try again in 15 minutes.");
        assertThat(workspace.audit(null, 0, 100).stream().filter(e -> e.action().equals("sign-in-refused")))
                .hasSize(5);
    }

    @Test
    void manyWrongPasswordsAtOnceStillCountAsManyFailures() throws Exception {
        java.util.concurrent.ExecutorService attackers = java.util.concurrent.Executors.newFixedThreadPool(12);
        java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            statuses.add(attackers.submit(() -> signIn("lee", "wrong password number " + n).statusCode()));
        }
        java.util.List<Integer> found = new java.util.ArrayList<>();
        for (var status : statuses) found.add(status.get());
        attackers.shutdown();

        // checked and counted at once: no more than five get as far as a password check
        assertThat(found.stream().filter(status -> status == 401)).hasSizeLessThanOrEqualTo(5);
        assertThat(found).containsOnly(401, 429);
    }

    @Test
    void aStrangerIsSentToSignInAndAViewerIsRefusedEveryAction() throws Exception {
        workspace.put(Fixtures.profile("id: p1\nage: 50\n"), "test", "test");
        for (String path : java.util.List.of("/review", "/review/p/p1", "/review/audit", "/review/audit.csv",
                "/review/new")) {
            HttpResponse<String> stranger = send(to(path).GET());
            assertThat(stranger.statusCode()).as(path).isEqualTo(303);
            assertThat(stranger.headers().firstValue("Location")).as(path).contains("/");
            assertThat(stranger.body()).as(path).isEmpty();
        }
        HttpResponse<String> strangerPost = send(to("/review/p/p1/sign-off")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("rowVersion=0&reason=x")));
        assertThat(strangerPost.statusCode()).isEqualTo(403);

        HttpResponse<String> signedIn = signIn("sam", PASSWORD);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().replaceFirst(";.*", "");
        HttpResponse<String> page = send(to("/review/p/p1").header("Cookie", cookie).GET());
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();
        String form = "csrf=" + csrf.group(1) + "&rowVersion=0&reason=x&intensityCeiling=light";
        for (String path : java.util.List.of("/review/p/p1/override", "/review/p/p1/sign-off", "/review/new")) {
            HttpResponse<String> byViewer = send(to(path).header("Cookie", cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form + "&profile=" + URLEncoder.encode("id: p9\nage: 40",
                            StandardCharsets.UTF_8))));
            assertThat(byViewer.statusCode()).as(path).isEqualTo(403);
            assertThat(byViewer.body()).as(path).contains("sam is a viewer");
        }
        assertThat(send(to("/review/new").header("Cookie", cookie).GET()).statusCode()).isEqualTo(403);
        assertThat(workspace.person("p1").orElseThrow().planVersion()).isEqualTo(1);
        assertThat(workspace.person("p9")).isEmpty();
    }

    @Test
    void aSignInPostedWithoutItsFormsTokenIsRefused() throws Exception {
        HttpResponse<String> forged = send(to("/sign-in").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=lee&password=" + URLEncoder.encode(PASSWORD,
                        StandardCharsets.UTF_8))));
        HttpResponse<String> malformed = send(to("/sign-in").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=%zz")));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(WorkspaceSite.COOKIE));
        assertThat(malformed.statusCode()).isEqualTo(400);
    }

    @Test
    void aClinicianActingOnAVersionChangedSinceIsToldAndShownTheNewOne() throws Exception {
        Profile profile = Fixtures.profile("""
                id: p1
                age: 61
                pain: {currentIntensity: 3, durationWeeks: 20, areas: [lower-back], redFlags: [history-of-cancer]}
                """);
        PersonState person = workspace.put(profile, "test", "test").person();
        HttpResponse<String> signedIn = signIn("lee", PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().replaceFirst(";.*", "");
        HttpResponse<String> page = send(to("/review/p/p1").header("Cookie", cookie).GET());
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();
        // another clinician overrides first
        workspace.override("p1", person.rowVersion(), new Clinician(java.util.List.of(), AllowedIntensity.GENTLE,
                java.util.List.of(), null), "gentle only", new Account("patel", Account.Role.CLINICIAN));

        HttpResponse<String> late = send(to("/review/p/p1/sign-off").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers
                        .ofString("csrf=" + csrf.group(1) + "&rowVersion=" + person.rowVersion() + "&reason=fine")));

        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("p1 changed since it was opened (now plan version 2",
                "Nothing was signed: this is the plan as it is now.", "Plan version 2");
        assertThat(workspace.person("p1").orElseThrow().signedPlanVersion()).isNull();
    }
}
