package org.backcare.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code backcare serve} in a process of its own, in the heap its launcher gives it (160 MB). */
class ServeProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A hook request of about {@code bytes}: many Observations of a code Backcare does not read. */
    private static String largeHookRequest(int bytes) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("hook", "patient-view").put("hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
        request.putObject("context").put("userId", "Practitioner/1").put("patientId", "p1");
        ObjectNode prefetch = request.putObject("prefetch");
        prefetch.putObject("patient").put("resourceType", "Patient").put("id", "p1").put("birthDate", "1970-01-01");
        ArrayNode entries = prefetch.putObject("observations").put("resourceType", "Bundle").put("type", "searchset")
                .putArray("entry");
        prefetch.putObject("conditions").put("resourceType", "Bundle").put("type", "searchset").putArray("entry");
        prefetch.putObject("startBack").put("resourceType", "Bundle").put("type", "searchset").putArray("entry");
        int i = 0;
        while (request.toString().length() < bytes - 600) {
            ObjectNode observation = entries.addObject().putObject("resource");
            observation.put("resourceType", "Observation").put("id", "o" + i++).put("status", "final");
            observation.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org")
                    .put("code", "8867-4").put("display", "Heart rate " + "x".repeat(500));
            observation.putObject("subject").put("reference", "Patient/p1");
            observation.putObject("valueQuantity").put("value", 70);
        }
        return request.toString();
    }

    @Test
    void sixtyFourConcurrentBodiesOfTheLargestSizeAreAllAnsweredAndTheServerHolds() throws Exception {
        Process serve = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx160m",
                "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-cp", System.getProperty("java.class.path"),
                "org.backcare.cli.Main", "serve", "--port", "0", "--threads", "2").redirectErrorStream(true).start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            Pattern serving = Pattern.compile("serving CDS Hooks at (http://[^/]+)/");
            String base = null;
            for (String line = log.readLine(); line != null; line = log.readLine()) {
                Matcher found = serving.matcher(line);
                if (found.find()) {
                    base = found.group(1);
                    break;
                }
            }
            assertThat(base).as("the server started").isNotNull();
            // keep reading the log, so the server never blocks on a full pipe
            CompletableFuture.runAsync(() -> log.lines().forEach(line -> { }));
            String body = largeHookRequest(1024 * 1024 - 1024);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/cds-services/backcare-plan"))
                        .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }

            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get(3, TimeUnit.MINUTES);
                statuses.add(response.statusCode());
                assertThat(JSON.readTree(response.body()).isObject()).as(response.body()).isTrue();
            }

            // every request answered, with a plan or "busy, try again", none dropped by an out-of-memory
            assertThat(statuses).allMatch(Set.of(200, 503)::contains);
            assertThat(statuses).contains(200);
            assertThat(serve.isAlive()).isTrue();
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/cds-services")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
