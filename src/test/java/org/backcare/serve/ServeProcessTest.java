package org.backcare.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
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

    /** A hook request of {@code entries} Observations, each padded so the request is about {@code bytes}. */
    private static String hookRequestOf(int entries, int bytes) {
        String small = largeHookRequest(0);
        int padding = Math.max(0, (bytes - small.length()) / entries - 229);
        ObjectNode request;
        try {
            request = (ObjectNode) JSON.readTree(small);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ArrayNode list = (ArrayNode) request.get("prefetch").get("observations").get("entry");
        list.removeAll();
        for (int i = 0; i < entries; i++) {
            ObjectNode observation = list.addObject().putObject("resource");
            observation.put("resourceType", "Observation").put("id", "o" + i).put("status", "final");
            observation.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org")
                    .put("code", "8867-4").put("display", "Heart rate " + "x".repeat(padding));
            observation.putObject("subject").put("reference", "Patient/p1");
            observation.putObject("valueQuantity").put("value", 70);
        }
        return request.toString();
    }

    /** A server in a process of its own, as the launcher starts it, and where it serves. */
    private record Server(Process process, String base) implements AutoCloseable {
        static Server start(String... options) throws Exception {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx160m", "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-cp",
                    System.getProperty("java.class.path"), "org.backcare.cli.Main", "serve", "--port", "0"));
            command.addAll(List.of(options));
            Process serve = new ProcessBuilder(command).redirectErrorStream(true).start();
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
            if (base == null) {
                serve.destroyForcibly();
                throw new AssertionError("the server did not start");
            }
            // keep reading the log, so the server never blocks on a full pipe
            CompletableFuture.runAsync(() -> log.lines().forEach(line -> { }));
            return new Server(serve, base);
        }

        /** Sends {@code body} to the hook {@code times} at once; each response's status, once all are answered. */
        List<Integer> hookConcurrently(String body, int times) throws Exception {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < times; i++) {
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
            return statuses;
        }

        int discoveryStatus() throws Exception {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/cds-services")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void sixtyFourConcurrentBodiesOfTheLargestSizeAreAllAnsweredAndTheServerHolds() throws Exception {
        try (Server server = Server.start("--threads", "2")) {
            List<Integer> statuses = server.hookConcurrently(largeHookRequest(1024 * 1024 - 1024), 64);

            // every request answered, with a plan or "busy, try again", none dropped by an out-of-memory
            assertThat(statuses).allMatch(Set.of(200, 503)::contains);
            assertThat(statuses).contains(200);
            assertThat(server.process().isAlive()).isTrue();
            assertThat(server.discoveryStatus()).isEqualTo(200);
        }
    }

    @Test
    void prefetchesOfAlmostTheMostEntriesAreAnsweredAndSlowClientsAreStillCutOffAfter() throws Exception {
        // 32 concurrent 850 KB prefetches of 1,999 entries: 24 of 32 got no answer, and the JDK server's own timer
        // threads died, after which a client that stops sending held its connection for ever
        String body = hookRequestOf(CdsServer.MAX_PREFETCH_ENTRIES - 1, 850 * 1024);
        assertThat(body.length()).isBetween(800 * 1024, 900 * 1024);
        try (Server server = Server.start("--threads", "2", "--request-timeout", "3")) {
            List<Integer> statuses = server.hookConcurrently(body, 32);

            assertThat(statuses).allMatch(Set.of(200, 503)::contains);
            assertThat(statuses).contains(200);
            URI uri = URI.create(server.base());
            try (Socket slow = new Socket(uri.getHost(), uri.getPort())) {
                slow.getOutputStream().write(("POST /cds-services/backcare-plan HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                slow.setSoTimeout(30_000);
                long start = System.nanoTime();
                // the server ends the connection at the request timeout: end of stream (or a reset), never a wait
                try {
                    slow.getInputStream().readAllBytes();
                } catch (java.net.SocketException reset) {
                    // closed by the server
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            }
            assertThat(server.discoveryStatus()).isEqualTo(200);
        }
    }
}
