package org.backcare.serve;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.backcare.Planner;
import org.backcare.fhir.ProfileBundles;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Problem;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.report.HtmlReport;
import org.backcare.run.TimeLimit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * A CDS Hooks 2.0 service over the JDK's HTTP server: discovery ({@code GET /cds-services}), the {@code patient-view}
 * hook ({@code POST /cds-services/backcare-plan}, with the Patient, Observations and STarT Back answers prefetched),
 * its feedback endpoint, {@code POST /plan} (a profile's JSON in, the plan's JSON out) for apps that do not speak FHIR,
 * and each planned card's full plan ({@code GET /plans/ID}, HTML, or {@code ID.json}) for as long as it is among the
 * last {@link Options#plansKept()}.
 *
 * <p>Bad requests get a 4xx with a JSON body {@code {"error": ...}}, never a stack trace; a body over
 * {@link Options#maxBodyBytes()} gets 413; a client that takes longer than {@link Options#requestTimeout()} to send
 * its request is disconnected; requests run on a fixed pool of {@link Options#threads()} threads with a bounded
 * queue, beyond which the server stops accepting until the queue drains. Thread-safe.
 */
public final class CdsServer implements AutoCloseable {
    /** The service's id in discovery and in its URL. */
    public static final String SERVICE_ID = "backcare-plan";
    private static final String SERVICES = "/cds-services";
    private static final String HOOK = SERVICES + "/" + SERVICE_ID;
    private static final String FEEDBACK = HOOK + "/feedback";
    private static final String PLANS = "/plans/";

    /** How the server listens and what it accepts. */
    public record Options(String host, int port, int threads, int maxBodyBytes, Duration requestTimeout,
            String publicUrl, int plansKept) {
        /** Loopback only, the given port, a thread per core, 1 MiB bodies, 10 s to send a request, 1,000 plans kept. */
        public static Options defaults(int port) {
            return new Options("127.0.0.1", port, Runtime.getRuntime().availableProcessors(), 1024 * 1024,
                    Duration.ofSeconds(10), null, 1000);
        }
    }

    private final Planner planner;
    private final Options options;
    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final Semaphore planning;
    private final FhirContext fhir = FhirContext.forR4();
    private final ProfileBundles bundles = new ProfileBundles(fhir);
    private final Cards cards;
    private final ObjectMapper json;
    private final ProfileReader reader = new ProfileReader();
    private final PlanWriter writer = new PlanWriter();
    private final HtmlReport report;
    private final Map<String, Planned> plans;
    private final AtomicLong feedback = new AtomicLong();
    private final String publicUrl;

    private record Planned(Profile profile, Plan plan) {
    }

    private CdsServer(Planner planner, Options options) throws IOException {
        this.planner = planner;
        this.options = options;
        this.cards = new Cards(planner.rules().evidence());
        this.report = new HtmlReport(planner);
        this.json = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                                .maxDocumentLength(options.maxBodyBytes()).build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .build();
        int kept = options.plansKept();
        this.plans = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Planned> eldest) {
                return size() > kept;
            }
        };
        // The JDK's server reads these once, when its first server starts: a request must arrive whole within the
        // timeout, and a response be taken within it, or the connection is closed.
        long seconds = Math.max(1, options.requestTimeout().toSeconds());
        System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(seconds));
        System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(seconds));
        System.setProperty("sun.net.httpserver.timerMillis", "250");
        // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and the client's
        // delayed acknowledgement hold each response about 40 ms (measured: bench/serve).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        AtomicInteger threadNumber = new AtomicInteger();
        // The JDK's server reads each request on a pool thread, so a slow client holds one until the request
        // timeout: many threads for the waiting, and planning itself limited to options.threads() at a time.
        int ioThreads = Math.max(64, options.threads() * 16);
        this.planning = new Semaphore(options.threads());
        this.pool = new ThreadPoolExecutor(ioThreads, ioThreads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(ioThreads * 4), task -> {
                    Thread thread = new Thread(task, "backcare-serve-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 128);
        this.server.setExecutor(pool);
        this.server.createContext("/", this::handle);
        this.server.start();
        this.publicUrl = options.publicUrl() != null ? options.publicUrl().replaceAll("/+$", "")
                : "http://" + reachable(options.host()) + ":" + server.getAddress().getPort();
    }

    /** A host for links: the loopback address for a wildcard one, IPv6 in brackets. */
    private static String reachable(String host) {
        if (host.equals("0.0.0.0")) return "127.0.0.1";
        if (host.equals("::") || host.equals("[::]")) return "[::1]";
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Starts a server with {@code planner}'s rules; {@link #close()} stops it. */
    public static CdsServer start(Planner planner, Options options) throws IOException {
        return new CdsServer(planner, options);
    }

    /** The port the server listens on (the one chosen when the options asked for 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Where the server is reached, as its links give it. */
    public URI uri() {
        return URI.create(publicUrl);
    }

    /** How many feedback entries clients have sent. */
    public long feedbackReceived() {
        return feedback.get();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            // the CDS endpoints are for browser-based CDS clients too; a plan's page is health data: not shared
            if (!path.startsWith(PLANS)) exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            String method = exchange.getRequestMethod();
            if (method.equals("OPTIONS")) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
                exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type, Authorization");
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            try {
                route(exchange, method, path);
            } catch (RequestError e) {
                error(exchange, e.status, e.getMessage(), e.problems);
            } catch (RuntimeException | StackOverflowError e) {
                System.err.println("backcare serve: internal error on " + method + " " + printable(path) + ": "
                        + printable(String.valueOf(e)));
                error(exchange, 500, "internal error", List.of());
            }
        }
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException {
        switch (path) {
            case SERVICES -> {
                allow(method, "GET");
                send(exchange, 200, "application/json", discovery());
            }
            case HOOK -> {
                allow(method, "POST");
                send(exchange, 200, "application/json", hook(body(exchange)));
            }
            case FEEDBACK -> {
                allow(method, "POST");
                JsonNode request = parse(body(exchange));
                if (!request.path("feedback").isArray()) throw new RequestError(400, "expected {\"feedback\": [...]}");
                feedback.addAndGet(request.get("feedback").size());
                send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            }
            case "/plan" -> {
                allow(method, "POST");
                Profile profile;
                try {
                    profile = reader.parse("request", body(exchange), ProfileReader.Format.JSON);
                } catch (InvalidProfileException e) {
                    throw new RequestError(400, "invalid profile",
                            e.problems().stream().map(Problem::toString).toList());
                }
                send(exchange, 200, "application/json", writer.toJsonBytes(plan(profile)));
            }
            default -> {
                if (!path.startsWith(PLANS)) throw new RequestError(404, "no such endpoint: " + printable(path));
                allow(method, "GET");
                String id = path.substring(PLANS.length());
                boolean asJson = id.endsWith(".json");
                Planned planned;
                synchronized (plans) {
                    planned = plans.get(asJson ? id.substring(0, id.length() - ".json".length()) : id);
                }
                if (planned == null) throw new RequestError(404, "no such plan (plans are kept for the last "
                        + options.plansKept() + " hook calls)");
                if (asJson) send(exchange, 200, "application/json", writer.toJsonBytes(planned.plan()));
                else send(exchange, 200, "text/html; charset=utf-8", report.page(planned.profile(), planned.plan(),
                        "CDS Hooks request").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private byte[] discovery() throws JsonProcessingException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode service = body.putArray("services").addObject();
        service.put("hook", "patient-view");
        service.put("id", SERVICE_ID);
        service.put("title", "Backcare back-care plan");
        service.put("description", "A personalised weekly back-care plan from the patient's pain, smoking status and"
                + " STarT Back answers, with red-flag triage (NICE NG59) first. Educational, not medical advice.");
        ObjectNode prefetch = service.putObject("prefetch");
        prefetch.put("patient", "Patient/{{context.patientId}}");
        prefetch.put("observations", "Observation?subject={{context.patientId}}");
        prefetch.put("startBack", "QuestionnaireResponse?subject={{context.patientId}}&status=completed");
        return json.writeValueAsBytes(body);
    }

    private byte[] hook(byte[] body) throws JsonProcessingException {
        JsonNode request = parse(body);
        if (!"patient-view".equals(request.path("hook").asText(null))) {
            throw new RequestError(400, "expected \"hook\": \"patient-view\"");
        }
        if (!request.path("hookInstance").isTextual()) throw new RequestError(400, "expected a \"hookInstance\" string");
        if (!request.path("context").path("patientId").isTextual()) {
            throw new RequestError(400, "expected \"context\": {\"patientId\": ...}");
        }
        JsonNode prefetch = request.path("prefetch");
        if (!prefetch.path("patient").isObject()) {
            // CDS Hooks: a service that cannot get the data it needs answers 412; this one never calls the EHR back.
            throw new RequestError(412, "expected the prefetched Patient (prefetch.patient); this service does not"
                    + " query the FHIR server itself");
        }
        Map<String, List<String>> types = Map.of("patient", List.of("Patient"), "observations", List.of("Bundle"),
                "startBack", List.of("Bundle", "QuestionnaireResponse"));
        int nodes = 0;
        for (Map.Entry<String, List<String>> key : types.entrySet()) {
            JsonNode value = prefetch.path(key.getKey());
            if (value.isMissingNode() || value.isNull()) continue;
            if (!key.getValue().contains(value.path("resourceType").asText())) {
                throw new RequestError(400, "prefetch." + key.getKey() + ": expected a " + String.join(" or ",
                        key.getValue()) + ", got " + printable(value.path("resourceType").asText("no resourceType")));
            }
            int entries = value.path("entry").size();
            if (entries > MAX_PREFETCH_ENTRIES) {
                throw new RequestError(413, "prefetch." + key.getKey() + " has " + entries + " entries; at most "
                        + MAX_PREFETCH_ENTRIES);
            }
            nodes += count(value);
        }
        if (nodes > MAX_PREFETCH_NODES) {
            throw new RequestError(413, "the prefetch has " + nodes + " JSON values; at most " + MAX_PREFETCH_NODES);
        }
        String patientId = request.get("context").get("patientId").asText();
        String prefetched = prefetch.get("patient").path("id").asText(null);
        if (prefetched != null && !prefetched.equals(patientId)) {
            throw new RequestError(400, "prefetch.patient is Patient/" + printable(prefetched) + ", not context.patientId "
                    + printable(patientId));
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        IParser parser = fhir.newJsonParser();
        for (String key : List.of("patient", "observations", "startBack")) {
            JsonNode value = prefetch.path(key);
            if (value.isMissingNode() || value.isNull()) continue;
            Resource resource;
            try {
                resource = (Resource) parser.parseResource(json.writeValueAsString(value));
            } catch (DataFormatException | ClassCastException e) {
                throw new RequestError(400, "prefetch." + key + " is not a FHIR R4 resource: "
                        + printable(String.valueOf(e.getMessage())));
            }
            if (resource instanceof Bundle found) {
                for (Bundle.BundleEntryComponent entry : found.getEntry()) {
                    if (entry.getResource() != null) bundle.addEntry().setFullUrl(entry.getFullUrl())
                            .setResource(entry.getResource());
                }
            } else {
                bundle.addEntry().setResource(resource);
            }
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ArrayNode cardList;
        try {
            // decision support at the point of care: ages are counted to today
            ProfileBundles.Mapped mapped = bundles.fromBundle("prefetch", bundle, LocalDate.now(ZoneOffset.UTC));
            Plan plan = plan(mapped.profile());
            String id = UUID.randomUUID().toString();
            synchronized (plans) {
                plans.put(id, new Planned(mapped.profile(), plan));
            }
            cardList = cards.of(plan, publicUrl + PLANS + id);
            if (!mapped.notMapped().isEmpty()) cardList.add(cards.notUsed(mapped.notMapped()));
        } catch (InvalidProfileException e) {
            cardList = JsonNodeFactory.instance.arrayNode();
            ObjectNode card = cardList.addObject();
            card.put("summary", "Backcare cannot plan: the record lacks what a plan needs");
            card.put("indicator", "info");
            card.put("detail", String.join("\n", e.problems().stream().limit(12)
                    .map(p -> "- " + (p.field().isEmpty() ? "" : p.field() + ": ") + p.message()).toList()));
            card.putObject("source").put("label", "Backcare rules");
        }
        response.set("cards", cardList);
        return json.writeValueAsBytes(response);
    }

    /** The most entries a prefetched Bundle may hold: a patient's Observations for one plan are a few dozen. */
    static final int MAX_PREFETCH_ENTRIES = 2000;
    /** The most JSON values the prefetch may hold, so that parsing it into FHIR's model stays within memory. */
    static final int MAX_PREFETCH_NODES = 100_000;

    private static int count(JsonNode node) {
        int total = 1;
        for (JsonNode child : node) total += count(child);
        return total;
    }

    private Plan plan(Profile profile) {
        try {
            planning.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestError(503, "the server is stopping");
        }
        try {
            return TimeLimit.call(() -> planner.plan(profile), TimeLimit.DEFAULT);
        } catch (TimeLimit.Exceeded e) {
            throw new RequestError(503, "planning took longer than " + TimeLimit.describe(TimeLimit.DEFAULT));
        } finally {
            planning.release();
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || !tree.isObject()) throw new RequestError(400, "expected a JSON object");
            return tree;
        } catch (IOException e) {
            throw new RequestError(400, "not well-formed JSON");
        }
    }

    private byte[] body(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT)
                .matches("application/([a-z.+-]*\\+)?json\\s*(;.*)?")) {
            drain(exchange);
            throw new RequestError(415, "expected Content-Type application/json, got " + printable(type));
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            throw new RequestError(400, "a Content-Length that is not a number");
        }
        if (declared > options.maxBodyBytes()) {
            drain(exchange);
            throw tooLarge();
        }
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(options.maxBodyBytes() + 1);
        if (body.length > options.maxBodyBytes()) {
            drain(exchange);
            throw tooLarge();
        }
        return body;
    }

    /**
     * Reads and discards what is left of a refused request's body, up to four times the largest body accepted, so
     * that a client still sending it reads the refusal instead of a reset connection; a larger body is cut off.
     */
    private void drain(HttpExchange exchange) {
        try {
            InputStream in = exchange.getRequestBody();
            byte[] buffer = new byte[8192];
            long left = 4L * options.maxBodyBytes();
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) break;
                left -= read;
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private RequestError tooLarge() {
        return new RequestError(413, "the body is larger than " + options.maxBodyBytes() + " bytes");
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed)) throw new RequestError(405, "expected " + allowed + ", got " + printable(method));
    }

    private void error(HttpExchange exchange, int status, String message, List<String> problems) throws IOException {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("error", message);
        if (!problems.isEmpty()) {
            ArrayNode list = body.putArray("problems");
            problems.forEach(list::add);
        }
        send(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String printable(String text) {
        String line = Problem.printable(text).replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** A request the server refuses, with its status and what was expected. */
    private static final class RequestError extends RuntimeException {
        private final int status;
        private final List<String> problems;

        RequestError(int status, String message) {
            this(status, message, List.of());
        }

        RequestError(int status, String message, List<String> problems) {
            super(message, null, false, false);
            this.status = status;
            this.problems = problems;
        }
    }
}
