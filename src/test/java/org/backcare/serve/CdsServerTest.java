package org.backcare.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.backcare.Fixtures;
import org.backcare.fhir.ProfileBundles;
import org.backcare.generate.ProfileGenerator;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.ProfileWriter;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CDS Hooks service over loopback with a real HTTP client: discovery and cards as the CDS Hooks 2.0 specification
 * has them, the plan behind every card, 200 requests at once all answered correctly, and bad, oversized and slow
 * requests refused with a 4xx (or a closed connection) while the server goes on serving.
 */
class CdsServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirContext FHIR = FhirContext.forR4();
    private static final int MAX_BODY = 64 * 1024;
    private static CdsServer server;
    private static HttpClient client;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        // The JDK's server reads its request timeout once per process: this is the only server the tests start. Three
        // seconds: short for the slow-client test, long enough for a loaded CI machine to read every honest request.
        server = CdsServer.start(Fixtures.planner(), new CdsServer.Options("127.0.0.1", 0, 4, MAX_BODY,
                Duration.ofSeconds(3), Duration.ofSeconds(30), null, 100));
        base = "http://127.0.0.1:" + server.port();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void discoveryDescribesThePatientViewServiceAndItsPrefetch() throws Exception {
        HttpResponse<String> response = get("/cds-services");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode service = JSON.readTree(response.body()).get("services").get(0);
        assertThat(service.get("hook").asText()).isEqualTo("patient-view");
        assertThat(service.get("id").asText()).isEqualTo("backcare-plan");
        assertThat(service.get("description").asText()).isNotBlank();
        assertThat(service.get("prefetch").get("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
        for (String key : List.of("observations", "conditions", "startBack")) {
            assertThat(service.get("prefetch").get(key).asText()).as(key)
                    .contains("?patient={{context.patientId}}&").doesNotContain("subject=");
        }
        assertThat(service.get("prefetch").get("observations").asText())
                .contains("code=http://loinc.org|30525-0,", "http://loinc.org|72514-3", "urn:backcare:profile-field|");
        assertThat(service.get("prefetch").get("conditions").asText()).contains("code=http://snomed.info/sct|");
    }

    /** A patient-view request with the profile's Patient, Observations and STarT Back answers prefetched. */
    static String hookRequest(Profile profile) throws IOException {
        Bundle bundle = new ProfileBundles(FHIR).toBundle(profile);
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("hook", "patient-view").put("hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
        ObjectNode prefetch = request.putObject("prefetch");
        ArrayNode observations = prefetch.putObject("observations").put("resourceType", "Bundle")
                .put("type", "searchset").putArray("entry");
        ArrayNode answers = prefetch.putObject("startBack").put("resourceType", "Bundle").put("type", "searchset")
                .putArray("entry");
        prefetch.putObject("conditions").put("resourceType", "Bundle").put("type", "searchset").putArray("entry");
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            JsonNode tree = JSON.readTree(FHIR.newJsonParser().encodeResourceToString(resource));
            switch (resource.fhirType()) {
                case "Patient" -> {
                    prefetch.set("patient", tree);
                    request.putObject("context").put("userId", "Practitioner/1").put("patientId", resource.getIdPart());
                }
                case "Observation" -> observations.addObject().set("resource", tree);
                default -> answers.addObject().set("resource", tree);
            }
        }
        return request.toString();
    }

    @Test
    void aHookCallAnswersWithCardsAsTheSpecificationHasThemAndLinksToTheFullPlan() throws Exception {
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        HttpResponse<String> response = send(post("/cds-services/backcare-plan", hookRequest(maria)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode cards = JSON.readTree(response.body()).get("cards");
        assertThat(cards.size()).isEqualTo(1 + Fixtures.planner().plan(maria).focus().size());
        for (JsonNode card : cards) {
            assertThat(card.get("summary").asText()).isNotBlank().hasSizeLessThan(140);
            assertThat(card.get("indicator").asText()).isIn("info", "warning", "critical");
            assertThat(card.get("source").get("label").asText()).isNotBlank();
            assertThat(card.get("source").get("url").asText()).startsWith("https://");
            assertThat(card.get("links").get(0).get("type").asText()).isEqualTo("absolute");
        }
        assertThat(cards.get(0).get("indicator").asText()).isEqualTo("info");
        assertThat(cards.get(0).get("summary").asText()).contains("STarT Back medium risk");
        String planUrl = cards.get(0).get("links").get(0).get("url").asText();
        assertThat(planUrl).startsWith(base + "/plans/");
        HttpResponse<String> page = get(planUrl.substring(base.length()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html", "maria-desk-worker");
        HttpResponse<String> plan = get(planUrl.substring(base.length()) + ".json");
        assertThat(plan.body()).isEqualTo(new PlanWriter().toJson(Fixtures.planner().plan(maria)));
    }

    @Test
    void anUrgentPatientGetsACriticalCardFirstAndASeeClinicianOneAWarning() throws Exception {
        Profile urgent = new ProfileReader().read(Path.of("profiles/gloria-urgent-numbness.json"));
        Profile soon = new ProfileReader().read(Path.of("profiles/frank-osteoporosis.yaml"));

        JsonNode urgentCard = JSON.readTree(send(post("/cds-services/backcare-plan", hookRequest(urgent))).body())
                .get("cards").get(0);
        JsonNode soonCard = JSON.readTree(send(post("/cds-services/backcare-plan", hookRequest(soon))).body())
                .get("cards").get(0);

        assertThat(urgentCard.get("indicator").asText()).isEqualTo("critical");
        assertThat(urgentCard.get("summary").asText()).startsWith("Urgent: ").contains("seek care now");
        assertThat(urgentCard.get("detail").asText()).contains("within now");
        assertThat(soonCard.get("indicator").asText()).isEqualTo("warning");
    }

    @Test
    void twoHundredRequestsAtOnceAreAllAnsweredWithTheirOwnPlan() throws Exception {
        ProfileGenerator generator = new ProfileGenerator(21);
        ProfileWriter profiles = new ProfileWriter();
        PlanWriter plans = new PlanWriter();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Profile profile = generator.profile(i);
            expected.add(plans.toJson(Fixtures.planner().plan(profile)));
            responses.add(client.sendAsync(post("/plan", profiles.toJsonLine(profile)),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> response = responses.get(i).get();
            assertThat(response.statusCode()).as("request " + i).isEqualTo(200);
            assertThat(response.body()).as("request " + i).isEqualTo(expected.get(i));
        }
    }

    @Test
    void badRequestsGetA4xxWithAJsonErrorAndTheServerGoesOnServing() throws Exception {
        String[][] cases = {
            {"/cds-services/backcare-plan", "{not json", "400", "not well-formed JSON"},
            {"/cds-services/backcare-plan", "[1, 2]", "400", "expected a JSON object"},
            {"/cds-services/backcare-plan", "{\"hook\": \"order-sign\"}", "400", "patient-view"},
            {"/cds-services/backcare-plan", "{\"hook\": \"patient-view\", \"hookInstance\": \"x\", \"context\":"
                + " {\"patientId\": \"1\"}}", "412", "prefetch"},
            {"/cds-services/backcare-plan", "{\"hook\": \"patient-view\", \"hookInstance\": \"x\", \"context\":"
                + " {\"patientId\": \"1\"}, \"prefetch\": {\"patient\": {\"resourceType\": \"Observation\"}, \"observations\": null, \"conditions\": null, \"startBack\": null}}", "400",
                "prefetch.patient: expected a Patient"},
            {"/cds-services/backcare-plan", "{\"hook\": \"patient-view\", \"hookInstance\": \"x\", \"context\":"
                + " {\"patientId\": \"1\"}, \"prefetch\": {\"patient\": {\"resourceType\": \"Patient\", \"id\":"
                + " \"1\"}, \"observations\": {\"resourceType\": \"Bundle\", \"entry\": [{\"resource\":"
                + " {\"resourceType\": \"Nonsense\"}}]}, \"conditions\": null, \"startBack\": null}}", "400",
                "not a FHIR R4 resource"},
            {"/cds-services/backcare-plan", "{\"hook\": \"patient-view\", \"hookInstance\": \"x\", \"context\":"
                + " {\"patientId\": \"123\"}, \"prefetch\": {\"patient\": {\"resourceType\": \"Patient\", \"id\":"
                + " \"999\"}, \"observations\": null, \"conditions\": null, \"startBack\": null}}", "400", "not context.patientId"},
            {"/plan", "{\"id\": \"x\", \"age\": 12}", "400", "invalid profile"},
            {"/cds-services/backcare-plan/feedback", "{\"feedback\": 3}", "400", "feedback"},
            {"/nowhere", "{}", "404", "no such endpoint"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = send(post(c[0], c[1]));
            assertThat(response.statusCode()).as(c[1]).isEqualTo(Integer.parseInt(c[2]));
            assertThat(JSON.readTree(response.body()).get("error").asText()).as(c[1]).contains(c[3]);
            assertThat(response.body()).doesNotContain("Exception", "\tat ");
        }
        HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(base + "/plan"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("id=x")).build());
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> untyped = send(HttpRequest.newBuilder(URI.create(base + "/plan"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"x\", \"age\": 40}")).build());
        assertThat(untyped.statusCode()).as("no Content-Type").isEqualTo(415);
        assertThat(JSON.readTree(untyped.body()).get("error").asText()).endsWith("got none");
        assertThat(get("/plan").statusCode()).isEqualTo(405);
        assertThat(get("/plans/no-such-plan").statusCode()).isEqualTo(404);
        assertThat(send(post("/plan", new ProfileWriter().toJsonLine(new ProfileGenerator(1).profile(0))))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413WhetherItsLengthIsGivenOrNot() throws Exception {
        String large = "{\"id\": \"" + "x".repeat(MAX_BODY) + "\"}";
        HttpResponse<String> given = send(post("/plan", large));
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(URI.create(base + "/plan"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        large.getBytes(StandardCharsets.UTF_8)))).build());

        assertThat(given.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(given.body()).get("error").asText()).contains("larger than " + MAX_BODY);
    }

    @Test
    void aPrefetchTooLargeToParseSafelyIsRefusedWith413() throws Exception {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < CdsServer.MAX_PREFETCH_ENTRIES + 1; i++) entries.append(i == 0 ? "{}" : ",{}");
        String request = "{\"hook\": \"patient-view\", \"hookInstance\": \"x\", \"context\": {\"patientId\": \"1\"},"
                + " \"prefetch\": {\"patient\": {\"resourceType\": \"Patient\", \"id\": \"1\"}, \"observations\":"
                + " {\"resourceType\": \"Bundle\", \"entry\": [" + entries + "]}, \"conditions\": null,"
                + " \"startBack\": null}}";

        HttpResponse<String> response = send(post("/cds-services/backcare-plan", request));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("entries; at most");
    }

    @Test
    void whatTheRecordHoldsThatThePlanDoesNotUseGetsACardAndAnAgeIsCountedToToday() throws Exception {
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        ObjectNode request = (ObjectNode) JSON.readTree(hookRequest(maria));
        ObjectNode heartRate = ((ArrayNode) request.get("prefetch").get("observations").get("entry")).addObject()
                .putObject("resource");
        heartRate.put("resourceType", "Observation").put("status", "final").putObject("code").putArray("coding")
                .addObject().put("system", "http://loinc.org").put("code", "8867-4");
        ArrayNode entries = (ArrayNode) request.get("prefetch").get("observations").get("entry");
        heartRate.set("subject", entries.get(0).get("resource").get("subject").deepCopy());
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).get("resource").path("code").path("coding").get(0).path("code").asText().equals("30525-0")) {
                entries.remove(i);
            }
        }
        ((ObjectNode) request.get("prefetch").get("patient")).put("birthDate", "1960-01-15");

        JsonNode cards = JSON.readTree(send(post("/cds-services/backcare-plan", request.toString())).body()).get("cards");

        JsonNode last = cards.get(cards.size() - 1);
        assertThat(last.get("summary").asText()).startsWith("Backcare did not use 1 item");
        assertThat(last.get("detail").asText()).contains("8867-4");
        String planUrl = cards.get(0).get("links").get(1).get("url").asText();
        JsonNode plan = JSON.readTree(get(planUrl.substring(base.length())).body());
        assertThat(plan.get("profileId").asText()).isEqualTo("maria-desk-worker");
    }

    @Test
    void aNumberWithAHugeExponentIsRefusedAtOnce() throws Exception {
        // HAPI expands 1e999999 digit by digit: a 14 KB Bundle kept a core busy for minutes in `fhir`
        String request = "{\"hook\": \"patient-view\", \"hookInstance\": \"x\", \"context\": {\"patientId\": \"1\"},"
                + " \"prefetch\": {\"patient\": {\"resourceType\": \"Patient\", \"id\": \"1\"}, \"observations\":"
                + " {\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"entry\": [{\"resource\": {\"resourceType\":"
                + " \"Observation\", \"status\": \"final\", \"code\": {\"coding\": [{\"system\": \"http://loinc.org\","
                + " \"code\": \"30525-0\"}]}, \"subject\": {\"reference\": \"Patient/1\"}, \"valueQuantity\":"
                + " {\"value\": 1e999999}}}]}, \"conditions\": null, \"startBack\": null}}";

        HttpResponse<String> response = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> send(post("/cds-services/backcare-plan", request)));

        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
    }

    @Test
    void markupInTheRecordReachesACardAsTextNeverAsALinkOrAnElement() throws Exception {
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        ObjectNode request = (ObjectNode) JSON.readTree(hookRequest(maria));
        ArrayNode entries = (ArrayNode) request.get("prefetch").get("observations").get("entry");
        for (String identifier : List.of("[Open](javascript:alert(1))", "<img src=x onerror=alert(1)>",
                "title\n===\n\n    code\u2028- item")) {
            ObjectNode observation = entries.addObject().putObject("resource");
            observation.put("resourceType", "Observation").put("status", "final").putObject("code").putArray("coding")
                    .addObject().put("system", "http://loinc.org").put("code", "8867-4");
            observation.putObject("subject").put("reference", "Patient?identifier=" + identifier);
        }

        JsonNode cards = JSON.readTree(send(post("/cds-services/backcare-plan", request.toString())).body()).get("cards");

        String detail = cards.get(cards.size() - 1).get("detail").asText();
        assertThat(detail).contains("\\[Open\\](javascript", "&lt;img src=x onerror=alert(1)&gt;",
                "code - item");
        for (JsonNode card : cards) {
            // no link can open (its bracket is escaped), no element can start, as markdown or as HTML, and no value
            // can begin a line of its own (a heading underline, a code block, a list item)
            assertThat(card.get("detail").asText()).doesNotContainPattern("(?<!\\\\)\\[[^\\]]*(?<!\\\\)\\]\\(")
                    .doesNotContain("<", "\n===", "\n    code", "\u2028");
        }
    }

    @Test
    void slowClientsHoldingConnectionsDoNotStopOthersBeingServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            // 70 held connections made requests wait 5 to 10 s, and 400 denied all service, when a pool of 64
            // threads read requests
            for (int i = 0; i < 400; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.getOutputStream().write('P');
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThat(get("/cds-services").statusCode()).isEqualTo(200);
                // blocked behind them, it would wait for the request timeout (3 s) to cut them off
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
            }
        } finally {
            for (Socket socket : slow) socket.close();
        }
    }

    @Test
    void aClientThatSendsTooSlowlyIsDisconnectedWhileOthersAreServed() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /plan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"id\"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            slow.setSoTimeout(20_000);

            assertThat(get("/cds-services").statusCode()).as("served while a slow client waits").isEqualTo(200);
            long start = System.nanoTime();
            InputStream in = slow.getInputStream();
            int read;
            try {
                read = in.read();
                while (read != -1) read = in.read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed after the request timeout")
                    .isLessThan(Duration.ofSeconds(15));
        }
    }

    private static JsonNode hook(String request) throws Exception {
        HttpResponse<String> response = send(post("/cds-services/backcare-plan", request));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("cards");
    }

    @Test
    void everyCardOfEveryCallHasAUuidOfItsOwnAndNamesItsPlanInAnExtension() throws Exception {
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        JsonNode first = hook(hookRequest(maria));
        JsonNode second = hook(hookRequest(maria));

        java.util.Set<String> uuids = new java.util.HashSet<>();
        for (JsonNode card : List.of(first, second).stream().flatMap(c -> java.util.stream.StreamSupport
                .stream(c.spliterator(), false)).toList()) {
            assertThat(uuids.add(UUID.fromString(card.get("uuid").asText()).toString())).as("a fresh uuid").isTrue();
        }
        JsonNode mine = first.get(0).get("extension").get("org.backcare");
        assertThat(mine.get("card").asText()).isEqualTo("triage");
        assertThat(mine.get("profileId").asText()).isEqualTo("maria-desk-worker");
        assertThat(first.get(0).get("links").get(0).get("url").asText()).endsWith(mine.get("planId").asText());
        assertThat(second.get(0).get("extension").get("org.backcare").get("planId").asText())
                .isNotEqualTo(mine.get("planId").asText());

        ObjectNode noAge = (ObjectNode) JSON.readTree(hookRequest(maria));
        ((ObjectNode) noAge.get("prefetch")).putNull("observations");
        JsonNode cannot = hook(noAge.toString());
        assertThat(cannot).hasSize(1);
        assertThat(cannot.get(0).get("summary").asText()).startsWith("Backcare cannot plan");
        assertThat(cannot.get(0).get("uuid").asText()).isNotBlank();
    }

    @Test
    void aMissingNeededPrefetchKeyIs412ANullOneIsNoDataAndAPagedSearchIs412() throws Exception {
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        ObjectNode noObservations = (ObjectNode) JSON.readTree(hookRequest(maria));
        ((ObjectNode) noObservations.get("prefetch")).remove("observations");
        HttpResponse<String> refused = send(post("/cds-services/backcare-plan", noObservations.toString()));
        assertThat(refused.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("observations");
        for (String key : List.of("conditions", "startBack")) {
            ObjectNode request = (ObjectNode) JSON.readTree(hookRequest(maria));
            ((ObjectNode) request.get("prefetch")).remove(key);
            JsonNode planned = hook(request.toString());
            assertThat(planned.get(planned.size() - 1).get("detail").asText()).as("the card says what was not read")
                    .contains("prefetch." + key + " was not given");
        }

        ObjectNode noAnswers = (ObjectNode) JSON.readTree(hookRequest(maria));
        ((ObjectNode) noAnswers.get("prefetch")).putNull("startBack");
        ((ObjectNode) noAnswers.get("prefetch")).putNull("conditions");
        JsonNode cards = hook(noAnswers.toString());
        assertThat(cards.get(0).get("summary").asText()).as("no STarT Back answers: no risk group")
                .doesNotContain("STarT Back");

        ObjectNode paged = (ObjectNode) JSON.readTree(hookRequest(maria));
        ((ObjectNode) paged.get("prefetch").get("observations")).put("total", 57).putArray("link").addObject()
                .put("relation", "next").put("url", "https://ehr.example/fhir/Observation?page=2");
        HttpResponse<String> response = send(post("/cds-services/backcare-plan", paged.toString()));
        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("one page of a search");
    }

    @Test
    void aPatientIncludedInTheObservationsSearchIsTheSamePersonNotASecond() throws Exception {
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        ObjectNode request = (ObjectNode) JSON.readTree(hookRequest(maria));
        ObjectNode included = ((ArrayNode) request.get("prefetch").get("observations").get("entry")).addObject();
        included.set("resource", request.get("prefetch").get("patient").deepCopy());
        included.putObject("search").put("mode", "include");

        JsonNode cards = hook(request.toString());

        assertThat(cards.get(0).get("summary").asText()).contains("STarT Back medium risk");
        assertThat(cards.toString()).doesNotContain("cannot plan", "Patients");
    }

    @Test
    void feedbackAboutAKnownCardIsCheckedAndKeptAndAnythingElseRefused() throws Exception {
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        JsonNode card = hook(hookRequest(maria)).get(0);
        String uuid = card.get("uuid").asText();
        String reason = card.get("overrideReasons").get(0).toString();
        long before = server.feedbackReceived();

        HttpResponse<String> accepted = send(post("/cds-services/backcare-plan/feedback", "{\"feedback\": [{\"card\":"
                + " \"" + uuid + "\", \"outcome\": \"overridden\", \"overrideReason\": {\"reason\": " + reason
                + ", \"userComment\": \"seen in clinic\"}, \"outcomeTimestamp\": \"2026-11-29T09:00:00Z\"}]}"));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(server.feedbackReceived()).isEqualTo(before + 1);
        CdsServer.Feedback kept = server.feedback().get(server.feedback().size() - 1);
        assertThat(kept.card()).isEqualTo(uuid);
        assertThat(kept.planId()).isEqualTo(card.get("extension").get("org.backcare").get("planId").asText());
        assertThat(kept.outcome()).isEqualTo("overridden");
        assertThat(kept.overrideReason()).isEqualTo(card.get("overrideReasons").get(0).get("code").asText());
        assertThat(kept.comment()).isEqualTo("seen in clinic");

        String[][] refused = {
            {"{\"card\": \"517b7fd8-dcdf-3c3f-b1b0-6bfa288aa09c\", \"outcome\": \"accepted\","
                + " \"outcomeTimestamp\": \"2026-11-29T09:00:00Z\"}", "not a card this service gave"},
            {"{\"card\": \"" + uuid + "\", \"outcome\": \"ignored\", \"outcomeTimestamp\": \"2026-11-29T09:00:00Z\"}",
                "expected accepted or overridden"},
            {"{\"card\": \"" + uuid + "\", \"outcome\": \"accepted\"}", "outcomeTimestamp"},
            {"{\"card\": \"" + uuid + "\", \"outcome\": \"overridden\", \"outcomeTimestamp\": \"2026-11-29T09:00:00Z\","
                + " \"overrideReason\": {\"reason\": {\"system\": \"urn:other\", \"code\": \"x\"}}}",
                "one of the card's overrideReasons"},
        };
        for (String[] c : refused) {
            HttpResponse<String> response = send(post("/cds-services/backcare-plan/feedback",
                    "{\"feedback\": [" + c[0] + "]}"));
            assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(response.body()).as(c[0]).contains(c[1]);
        }
        assertThat(server.feedbackReceived()).as("nothing refused was counted").isEqualTo(before + 1);
    }

    @Test
    void aCdsClientBuiltOnHapisModelReadsEveryAnswerAndSendsFeedbackTheServiceTakes() throws Exception {
        // strict: a field HAPI's model does not know, or a value of the wrong type, fails the read
        ObjectMapper hapi = new ObjectMapper().configure(
                com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        ca.uhn.hapi.fhir.cdshooks.api.json.CdsServicesJson services = hapi.readValue(get("/cds-services").body(),
                ca.uhn.hapi.fhir.cdshooks.api.json.CdsServicesJson.class);
        assertThat(services.getServices().get(0).getPrefetch()).containsKeys("patient", "observations", "conditions",
                "startBack");
        for (String file : List.of("profiles/maria-desk-worker.yaml", "profiles/gloria-urgent-numbness.json",
                "profiles/ben-not-screened.yaml")) {
            String body = send(post("/cds-services/backcare-plan", hookRequest(new ProfileReader().read(Path.of(file)))))
                    .body();
            ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson response = hapi.readValue(body,
                    ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson.class);
            assertThat(response.getCards()).as(file).isNotEmpty().allSatisfy(card -> {
                assertThat(UUID.fromString(card.getUuid())).isNotNull();
                assertThat(card.getIndicator()).isNotNull();
                assertThat(card.getSource().getLabel()).isNotBlank();
            });
        }
        JsonNode card = hook(hookRequest(new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml")))).get(1);
        ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceFeedbackJson feedback =
                new ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceFeedbackJson()
                        .setCard(card.get("uuid").asText())
                        .setOutcome(ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceFeebackOutcomeEnum.accepted)
                        .setOutcomeTimestamp("2026-11-29T09:00:00Z");
        String request = "{\"feedback\": [" + new ObjectMapper().writeValueAsString(feedback) + "]}";
        HttpResponse<String> answer = send(post("/cds-services/backcare-plan/feedback", request));
        assertThat(answer.statusCode()).as(request + " -> " + answer.body()).isEqualTo(200);
    }

    @Test
    void planningOverItsLimitIs503AndARulesErrorIs500BothLoggedAndServingGoesOn(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path rules = Fixtures.copyOfRulesWith(dir, "stuck", "age == 77", Fixtures.WAIT_FOR_EVER);
        java.nio.file.Files.writeString(rules.resolve("slow.drl"), """
                package backcare.rules;
                import org.backcare.profile.Profile;

                rule "slow: a rule added by a test"
                when
                    $profile : Profile(age == 78)
                then
                    synchronized ($profile) { $profile.wait(4000); }
                end

                rule "broken: a rule added by a test"
                when
                    Profile(age == 79)
                then
                    throw new AssertionError("a rule's own error");
                end
                """);
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        try (CdsServer stuck = CdsServer.start(org.backcare.Planner.fromDirectory(rules), new CdsServer.Options(
                "127.0.0.1", 0, 2, MAX_BODY, Duration.ofSeconds(3), Duration.ofSeconds(6), null, 10))) {
            String profile = "{\"id\": \"stuck\", \"age\": 77}";
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + stuck.port() + "/plan")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(profile)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(response.body()).get("error").asText())
                    .isEqualTo("planning took longer than 6 s (--time-limit)");
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("backcare serve: 503 for stuck");

            // the client has 3 s to send and take (the JDK server's timers, read once per process, are this test
            // class's); a plan of 4 s is within the planning limit and is answered, not cut off with the client's
            HttpResponse<String> slow = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + stuck.port() + "/plan")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"slow\", \"age\": 78}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(slow.statusCode()).as(slow.body()).isEqualTo(200);

            // a rule's Error fails its request alone, with a JSON answer, and the server goes on
            HttpResponse<String> broken = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + stuck.port() + "/plan")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"broken\", \"age\": 79}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(broken.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(broken.body()).get("error").asText()).isEqualTo("internal error");
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("internal error on POST /plan");
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stuck.port()
                    + "/cds-services")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            System.setErr(stderr);
        }
    }

    @Test
    void plansStuckPastTheLimitKeepTheirSlotsSoStuckThreadsNeverOutnumberThreads(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // the slot went back when the request stopped waiting: every stuck request left one more thread behind. This
        // action ignores the interrupt that ends a waiting one, for about ten seconds, as a loop would for ever.
        Path rules = Fixtures.copyOfRulesWith(dir, "stuck", "age == 77", "synchronized ($profile) { for (int i = 0;"
                + " i < 20; i++) { try { $profile.wait(500); } catch (InterruptedException e) { } } }");
        long stuckBefore = stuckPlanningThreads();
        try (CdsServer stuck = CdsServer.start(org.backcare.Planner.fromDirectory(rules), new CdsServer.Options(
                "127.0.0.1", 0, 2, MAX_BODY, Duration.ofSeconds(3), Duration.ofSeconds(1), null, 10))) {
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + stuck.port() + "/plan")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"stuck-" + i + "\", \"age\": 77}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(503);
                errors.add(JSON.readTree(response.body()).get("error").asText());
            }

            assertThat(stuckPlanningThreads() - stuckBefore).isEqualTo(2);
            assertThat(errors.subList(0, 2)).allMatch(e -> e.equals("planning took longer than 1 s (--time-limit)"));
            assertThat(errors.subList(2, 5)).allMatch(e -> e.startsWith("the server is busy"));
        }
    }

    /** Planning threads waiting in a rule's action ({@link Fixtures#WAIT_FOR_EVER}). */
    private static long stuckPlanningThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(t -> t.getKey().getName().equals("backcare-planning") && t.getKey().isAlive())
                .filter(t -> java.util.Arrays.stream(t.getValue()).anyMatch(f -> f.getClassName().startsWith("backcare.rules")))
                .count();
    }
}
