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
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * How the server listens and what it accepts: {@code requestTimeout} is how long a client has to send its request
     * (and, again, to take the response); {@code planTimeLimit} how long a request may wait for and spend in planning
     * before it is answered 503, a limit of the server's own work that a slow client's allowance does not cut short.
     */
    public record Options(String host, int port, int threads, int maxBodyBytes, Duration requestTimeout,
            Duration planTimeLimit, String publicUrl, int plansKept) {
        /**
         * Loopback only, the given port, a thread per core, 1 MiB bodies, 10 s to send a request, 10 s to plan, 1,000
         * plans kept.
         */
        public static Options defaults(int port) {
            return new Options("127.0.0.1", port, Runtime.getRuntime().availableProcessors(), 1024 * 1024,
                    Duration.ofSeconds(10), TimeLimit.DEFAULT, null, 1000);
        }
    }

    private final Planner planner;
    private final Options options;
    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final Semaphore planning;
    /** Room for request bodies in flight, in KiB: what reading, parsing and planning them may hold of the heap. */
    private final Semaphore bodies;
    private final int bodiesKiB;
    private final FhirContext fhir = FhirContext.forR4();
    private final ProfileBundles bundles = new ProfileBundles(fhir);
    private final Cards cards;
    private final ObjectMapper json;
    private final ProfileReader reader = new ProfileReader();
    private final PlanWriter writer = new PlanWriter();
    private final HtmlReport report;
    private final Map<String, Planned> plans;
    private final AtomicLong feedback = new AtomicLong();
    /** The cards of the last calls, by uuid, for the feedback about them. */
    private final Map<String, IssuedCard> issued;
    private final java.util.ArrayDeque<Feedback> received = new java.util.ArrayDeque<>();
    private final String publicUrl;
    /** The most feedback entries kept in memory (the review workspace will keep them in its database). */
    static final int FEEDBACK_KEPT = 10_000;

    /** A card this server gave: the plan of its call, and the card itself. */
    private record IssuedCard(String planId, JsonNode card) {
    }

    /**
     * Feedback a CDS client sent about one card (CDS Hooks 2.0): the card's uuid, the plan it showed, {@code accepted}
     * or {@code overridden}, the override reason's code when one was given and the clinician's comment, and when.
     */
    public record Feedback(String card, String planId, String outcome, String overrideReason, String comment,
            java.time.OffsetDateTime outcomeTimestamp) {
    }

    private record Planned(Profile profile, Plan plan) {
    }

    /** The review workspace, or null when it is off. */
    private final ReviewLink review;

    private CdsServer(Planner planner, Options options, ReviewLink review) throws IOException {
        this.planner = planner;
        this.options = options;
        this.review = review;
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
        // a call gives at most a triage card, four focus cards and the card of what was not used
        int cardsKept = kept * 8;
        this.issued = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, IssuedCard> eldest) {
                return size() > cardsKept;
            }
        };
        // The JDK's server reads these once, when its first server starts: a request must arrive whole within the
        // request timeout, or the connection is closed. Its response timer starts once the request is read, so it
        // covers planning too: it is set to the planning limit and the client's allowance to take the response, and a
        // second to spare, so that only a client that does not read is cut off and a slow plan is answered 503
        // (logged), never dropped.
        long seconds = Math.max(1, options.requestTimeout().toSeconds());
        long planSeconds = (options.planTimeLimit().toMillis() + 999) / 1000;
        System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(seconds));
        System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(seconds + planSeconds + 1));
        System.setProperty("sun.net.httpserver.timerMillis", "250");
        // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and the client's
        // delayed acknowledgement hold each response about 40 ms (measured: bench/serve).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The JDK's server reads each request on a pool thread, so a slow client holds one until the request
        // timeout: a thread for every connection the server keeps (idle keep-alive connections hold none), so that
        // slow clients never queue others; beyond MAX_CONNECTIONS a new connection is closed at once. Planning
        // itself is limited to options.threads() at a time.
        System.setProperty("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        AtomicInteger threadNumber = new AtomicInteger();
        this.planning = new Semaphore(options.threads());
        // A body is parsed into a tree (and a prefetch into FHIR resources) several times its size: each request
        // holds room for BODY_EXPANSION times its body while it is served, out of a quarter of the heap, and one that
        // finds no room within the request timeout is answered 503, never an out-of-memory. A body of the largest
        // size always fits alone.
        long bodiesBytes = Math.max(Runtime.getRuntime().maxMemory() / 4, (long) options.maxBodyBytes() * BODY_EXPANSION);
        this.bodiesKiB = (int) Math.min(Integer.MAX_VALUE, bodiesBytes / 1024);
        this.bodies = new Semaphore(bodiesKiB);
        // threads made as requests come and gone after 30 s idle; a small stack each (planning runs elsewhere)
        this.pool = new ThreadPoolExecutor(16, MAX_CONNECTIONS + 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(null, task, "backcare-serve-" + threadNumber.incrementAndGet(),
                            REQUEST_THREAD_STACK);
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
        return new CdsServer(planner, options, null);
    }

    /**
     * Starts a server with a review workspace: its pages and forms beside the CDS Hooks and {@code POST /plan}
     * endpoints, which keep what they plan in it and say on their cards when a plan was signed off.
     */
    public static CdsServer start(Planner planner, Options options, ReviewLink review) throws IOException {
        return new CdsServer(planner, options, review);
    }

    /** The port the server listens on (the one chosen when the options asked for 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Where the server is reached, as its links give it. */
    public URI uri() {
        return URI.create(publicUrl);
    }

    /** The feedback clients have sent, oldest first (at most the last {@value #FEEDBACK_KEPT}). */
    public List<Feedback> feedback() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** How many feedback entries clients have sent and the server accepted. */
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
            if (review != null && review.serves(path)) {
                serveReview(exchange, path);
                return;
            }
            // the CDS endpoints are for browser-based CDS clients too; a plan's page is health data: not shared; and
            // with the workspace on, POST /plan writes to it: no other site's page may call it
            if (!path.startsWith(PLANS) && !(review != null && path.equals("/plan"))) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            }
            String method = exchange.getRequestMethod();
            if (method.equals("OPTIONS")) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
                exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type, Authorization");
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            BodyRoom room = new BodyRoom();
            try {
                route(exchange, method, path, room);
            } catch (RequestError e) {
                error(exchange, e.status, e.getMessage(), e.problems);
            } catch (RuntimeException | Error e) {
                // a rule that throws an Error (or runs out of stack) fails this request alone: 500, logged, served on
                System.err.println("backcare serve: internal error on " + method + " " + printable(path) + ": "
                        + printable(String.valueOf(e)));
                error(exchange, 500, "internal error", List.of());
            } finally {
                bodies.release(room.kib);
            }
        }
    }

    /** A request of the review workspace's: its errors answered as the server's are, its body within the budget. */
    private void serveReview(HttpExchange exchange, String path) throws IOException {
        BodyRoom room = new BodyRoom();
        try {
            review.handle(exchange, (request, types, maxBytes) -> body(request, room, types, maxBytes));
        } catch (RequestError e) {
            error(exchange, e.status, e.getMessage(), e.problems);
        } catch (RuntimeException | Error e) {
            System.err.println("backcare serve: internal error on " + exchange.getRequestMethod() + " "
                    + printable(path) + ": " + printable(String.valueOf(e)));
            error(exchange, 500, "internal error", List.of());
        } finally {
            bodies.release(room.kib);
        }
    }

    /** The room a request's body holds while it is served, in KiB. */
    private static final class BodyRoom {
        int kib;
    }

    private void route(HttpExchange exchange, String method, String path, BodyRoom room) throws IOException {
        switch (path) {
            case SERVICES -> {
                allow(method, "GET");
                send(exchange, 200, "application/json", discovery());
            }
            case HOOK -> {
                allow(method, "POST");
                send(exchange, 200, "application/json", hook(body(exchange, room)));
            }
            case FEEDBACK -> {
                allow(method, "POST");
                List<Feedback> accepted = feedback(parse(body(exchange, room)));
                synchronized (received) {
                    for (Feedback one : accepted) {
                        if (received.size() == FEEDBACK_KEPT) received.removeFirst();
                        received.addLast(one);
                    }
                }
                feedback.addAndGet(accepted.size());
                send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            }
            case "/plan" -> {
                allow(method, "POST");
                Profile profile;
                try {
                    profile = reader.parse("request", body(exchange, room), ProfileReader.Format.JSON);
                } catch (InvalidProfileException e) {
                    throw new RequestError(400, "invalid profile",
                            e.problems().stream().map(Problem::toString).toList());
                }
                Plan plan = plan(profile);
                if (review != null) review.keep(profile, plan, "POST /plan");
                send(exchange, 200, "application/json", writer.toJsonBytes(plan));
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

    /**
     * The prefetch templates: each query names the patient by the {@code patient} search parameter and asks only for
     * the codes Backcare reads (docs/cds-hooks.md).
     */
    static final Map<String, String> PREFETCH = prefetchTemplates();

    private static Map<String, String> prefetchTemplates() {
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put("patient", "Patient/{{context.patientId}}");
        templates.put("observations", "Observation?patient={{context.patientId}}&code="
                + String.join(",", ProfileBundles.OBSERVATION_CODES));
        templates.put("conditions", "Condition?patient={{context.patientId}}&code="
                + String.join(",", ProfileBundles.CONDITION_CODES));
        templates.put("startBack", "QuestionnaireResponse?patient={{context.patientId}}&questionnaire="
                + ProfileBundles.START_BACK_QUESTIONNAIRE + "&status=completed,amended");
        return java.util.Collections.unmodifiableMap(templates);
    }

    /** The prefetch keys without which no plan is made: the person, and their age, pain and red flags. */
    private static final List<String> NEEDED = List.of("patient", "observations");

    /** The resource types each prefetch key may hold. */
    private static final Map<String, List<String>> PREFETCH_TYPES = Map.of("patient", List.of("Patient"),
            "observations", List.of("Bundle"), "conditions", List.of("Bundle"),
            "startBack", List.of("Bundle", "QuestionnaireResponse"));

    private byte[] discovery() throws JsonProcessingException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode service = body.putArray("services").addObject();
        service.put("hook", "patient-view");
        service.put("id", SERVICE_ID);
        service.put("title", "Backcare back-care plan");
        service.put("description", "A personalised weekly back-care plan from the patient's pain, smoking status,"
                + " problem list and STarT Back answers, with red-flag triage (NICE NG59) first. Educational, not"
                + " medical advice.");
        ObjectNode prefetch = service.putObject("prefetch");
        PREFETCH.forEach(prefetch::put);
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
        List<String> unread = checkPrefetch(prefetch, request.get("context").get("patientId").asText());
        Bundle bundle = bundleOf(prefetch);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("cards", cardsFor(request, bundle, unread));
        return json.writeValueAsBytes(response);
    }

    /**
     * Checks the prefetch before anything is parsed: what it must hold, the resource types, its size and that it is
     * about the patient in context; the keys it lacks but can be planned without, in words.
     */
    private static List<String> checkPrefetch(JsonNode prefetch, String patientId) {
        // CDS Hooks 2.0: a key the client could not fetch is left out, a query with no result is null. This service
        // does not query the FHIR server itself, so a missing Patient or Observations (age, pain, red flags) is 412:
        // it cannot plan without them. Without the problem list or the STarT Back answers it plans, and says so.
        List<String> missing = NEEDED.stream().filter(key -> !prefetch.has(key)).toList();
        if (!missing.isEmpty()) {
            throw new RequestError(412, "the prefetch lacks " + String.join(", ", missing) + "; this service needs"
                    + " it and does not query the FHIR server itself");
        }
        List<String> unread = new java.util.ArrayList<>();
        for (String key : PREFETCH.keySet()) {
            if (!prefetch.has(key)) {
                unread.add("prefetch." + key + " was not given (the EHR could not fetch it), so " + (key.equals(
                        "conditions") ? "the problem list's red flags were not read" : "the STarT Back answers were"
                        + " not read"));
            }
        }
        if (!prefetch.path("patient").isObject()) {
            throw new RequestError(412, "prefetch.patient is null: no Patient to plan for");
        }
        int nodes = 0;
        for (Map.Entry<String, List<String>> key : PREFETCH_TYPES.entrySet()) {
            JsonNode value = prefetch.path(key.getKey());
            if (value.isNull() || value.isMissingNode()) continue;
            checkPrefetched(key.getKey(), key.getValue(), value);
            nodes += count(value);
        }
        if (nodes > MAX_PREFETCH_NODES) {
            throw new RequestError(413, "the prefetch has " + nodes + " JSON values; at most " + MAX_PREFETCH_NODES);
        }
        String prefetched = prefetch.get("patient").path("id").asText(null);
        if (prefetched != null && !prefetched.equals(patientId)) {
            throw new RequestError(400, "prefetch.patient is Patient/" + printable(prefetched) + ", not context.patientId "
                    + printable(patientId));
        }
        return unread;
    }

    /** One prefetched value: of a type its key allows, not too many entries, and every page of a search. */
    private static void checkPrefetched(String key, List<String> types, JsonNode value) {
        if (!types.contains(value.path("resourceType").asText())) {
            throw new RequestError(400, "prefetch." + key + ": expected a " + String.join(" or ", types) + ", got "
                    + printable(value.path("resourceType").asText("no resourceType")));
        }
        int entries = value.path("entry").size();
        if (entries > MAX_PREFETCH_ENTRIES) {
            throw new RequestError(413, "prefetch." + key + " has " + entries + " entries; at most "
                    + MAX_PREFETCH_ENTRIES);
        }
        for (JsonNode link : value.path("link")) {
            if ("next".equals(link.path("relation").asText())) {
                throw new RequestError(412, "prefetch." + key + " is one page of a search (a \"next\""
                        + " link); this service needs every page and does not fetch the rest");
            }
        }
    }

    /** The prefetched resources as one collection Bundle, the entries of searchsets taken out of them. */
    private Bundle bundleOf(JsonNode prefetch) throws JsonProcessingException {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        IParser parser = fhir.newJsonParser();
        for (String key : PREFETCH.keySet()) {
            JsonNode value = prefetch.path(key);
            if (value.isNull() || value.isMissingNode()) continue;
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
        return bundle;
    }

    /**
     * The cards for the plan of the prefetched record (kept for {@code /plans} and feedback, and in the workspace
     * when there is one), with one on what was not used; or one saying why it could not be planned.
     */
    private ArrayNode cardsFor(JsonNode request, Bundle bundle, List<String> unread) {
        ArrayNode cardList;
        String planId = UUID.randomUUID().toString();
        try {
            ProfileBundles.Mapped mapped = bundles.fromBundle("prefetch", bundle, asOf(request));
            Plan plan = plan(mapped.profile());
            synchronized (plans) {
                plans.put(planId, new Planned(mapped.profile(), plan));
            }
            if (review != null) review.keep(mapped.profile(), plan, "CDS Hooks " + request.path("hook").asText("call"));
            cardList = cards.of(plan, planId, publicUrl + PLANS + planId, review == null ? null : review.reviewOf(plan));
            List<String> notUsed = new java.util.ArrayList<>(unread);
            notUsed.addAll(mapped.notMapped());
            if (!notUsed.isEmpty()) cardList.add(cards.notUsed(notUsed, planId));
        } catch (InvalidProfileException e) {
            cardList = JsonNodeFactory.instance.arrayNode();
            cardList.add(cards.cannotPlan(e.problems(), planId));
        }
        synchronized (issued) {
            for (JsonNode card : cardList) issued.put(card.get("uuid").asText(), new IssuedCard(planId, card));
        }
        return cardList;
    }

    /**
     * The day ages are counted to: Backcare's request extension {@code "org.backcare": {"asOf": "YYYY-MM-DD"}} when
     * the client gives one (a record reviewed after the fact), else today: decision support at the point of care.
     */
    private static LocalDate asOf(JsonNode request) {
        JsonNode given = request.path("extension").path(Cards.EXTENSION).path("asOf");
        if (given.isMissingNode() || given.isNull()) return LocalDate.now(ZoneOffset.UTC);
        try {
            return LocalDate.parse(given.asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new RequestError(400, "extension." + Cards.EXTENSION + ".asOf: expected a date YYYY-MM-DD, got "
                    + printable(given.toString()));
        }
    }

    /** The most entries a prefetched Bundle may hold: a patient's Observations for one plan are a few dozen. */
    static final int MAX_PREFETCH_ENTRIES = 2000;
    /** The most JSON values the prefetch may hold, so that parsing it into FHIR's model stays within memory. */
    static final int MAX_PREFETCH_NODES = 100_000;
    /** Connections the server keeps at once (each request in progress holds a thread); more are closed at once. */
    static final int MAX_CONNECTIONS = 1000;
    /** The stack of a thread that reads a request and writes its answer (JSON and FHIR parsing, bounded in depth). */
    private static final long REQUEST_THREAD_STACK = 512 * 1024;
    /**
     * How many times its size a request body may take in memory while it is served: the body, its JSON tree (several
     * times the text) and the FHIR resources read from it. An allowance, not a measurement; ServeProcessTest holds a
     * 160 MB server to it under 64 concurrent bodies of the largest size.
     */
    static final int BODY_EXPANSION = 8;

    private static int count(JsonNode node) {
        int total = 1;
        for (JsonNode child : node) total += count(child);
        return total;
    }

    /**
     * The plan for {@code profile}, within the planning limit: waiting for a planning slot counts against it, and a
     * request that runs out is answered 503 and logged in one line on stderr.
     */
    private Plan plan(Profile profile) {
        long start = System.nanoTime();
        Duration limit = options.planTimeLimit();
        // The slot is given back when the planning ends, not when the request stops waiting for it: a plan stuck
        // past the limit keeps its slot (and its thread), so stuck plans never number more than --threads.
        AtomicBoolean claimed = new AtomicBoolean();
        try {
            if (!planning.tryAcquire(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                System.err.println("backcare serve: 503 for " + printable(profile.id()) + ": no planning slot free"
                        + " within " + TimeLimit.seconds(limit));
                throw new RequestError(503, "the server is busy: no plan could start within "
                        + TimeLimit.seconds(limit) + "; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestError(503, "the server is stopping");
        }
        try {
            Duration left = limit.minusNanos(System.nanoTime() - start);
            return TimeLimit.call(() -> {
                if (!claimed.compareAndSet(false, true)) return null;   // the request gave up before it started
                try {
                    return planner.plan(profile);
                } finally {
                    planning.release();
                }
            }, left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
        } catch (TimeLimit.Exceeded e) {
            System.err.println("backcare serve: 503 for " + printable(profile.id()) + ": planning took longer than "
                    + TimeLimit.seconds(limit) + " (--time-limit)");
            throw new RequestError(503, "planning took longer than " + TimeLimit.seconds(limit) + " (--time-limit)");
        } finally {
            // a planning that never started gives its slot back here
            if (claimed.compareAndSet(false, true)) planning.release();
        }
    }

    /**
     * The entries of a feedback request, each checked against the specification and the cards this server gave: a
     * known card, {@code accepted} or {@code overridden}, an {@code outcomeTimestamp}, no accepted suggestion (the
     * cards offer none), and an override reason, when given, one the card offered. One bad entry refuses the request
     * (400, every problem listed), so that nothing is half recorded.
     */
    private List<Feedback> feedback(JsonNode request) {
        if (!request.path("feedback").isArray() || request.get("feedback").isEmpty()) {
            throw new RequestError(400, "expected {\"feedback\": [...]} with at least one entry");
        }
        List<String> problems = new java.util.ArrayList<>();
        List<Feedback> entries = new java.util.ArrayList<>();
        int index = 0;
        for (JsonNode entry : request.get("feedback")) {
            String at = "feedback[" + index++ + "]";
            String uuid = entry.path("card").asText(null);
            IssuedCard card;
            synchronized (issued) {
                card = uuid == null ? null : issued.get(uuid);
            }
            if (card == null) {
                problems.add(at + ".card: " + (uuid == null ? "missing" : printable(uuid) + " is not a card this"
                        + " service gave in its last " + options.plansKept() + " calls"));
            }
            String outcome = entry.path("outcome").asText("");
            if (!outcome.equals("accepted") && !outcome.equals("overridden")) {
                problems.add(at + ".outcome: expected accepted or overridden, got " + printable(entry.path("outcome")
                        .toString()));
            }
            java.time.OffsetDateTime when = null;
            try {
                when = java.time.OffsetDateTime.parse(entry.path("outcomeTimestamp").asText(""));
            } catch (java.time.format.DateTimeParseException e) {
                problems.add(at + ".outcomeTimestamp: expected an instant such as 2026-12-06T10:15:00Z, got "
                        + printable(entry.path("outcomeTimestamp").toString()));
            }
            JsonNode suggestions = entry.path("acceptedSuggestions");
            if (!suggestions.isMissingNode() && !suggestions.isNull() && (!suggestions.isArray() || suggestions.size() > 0)) {
                problems.add(at + ".acceptedSuggestions: Backcare's cards offer no suggestions; expected none");
            }
            JsonNode override = entry.path("overrideReason");
            String reason = overrideReason(at, override, outcome, card, problems);
            if (card != null && when != null) {
                entries.add(new Feedback(uuid, card.planId(), outcome, reason,
                        override.path("userComment").asText(null), when));
            }
        }
        if (!problems.isEmpty()) throw new RequestError(400, "feedback refused; nothing was recorded", problems);
        return entries;
    }

    /** An entry's override reason, when it gives one: its code, checked against the reasons the card offered. */
    private static String overrideReason(String at, JsonNode override, String outcome, IssuedCard card,
            List<String> problems) {
        if (override.isMissingNode() || override.isNull()) return null;
        String reason = null;
        if (!outcome.equals("overridden")) problems.add(at + ".overrideReason: only with outcome overridden");
        JsonNode coding = override.path("reason");
        if (!coding.isMissingNode()) {
            reason = coding.path("code").asText(null);
            boolean offered = card != null && java.util.stream.StreamSupport.stream(card.card()
                    .path("overrideReasons").spliterator(), false).anyMatch(r -> r.path("code").asText()
                    .equals(coding.path("code").asText()) && r.path("system").asText().equals(coding
                    .path("system").asText()));
            if (!offered) {
                problems.add(at + ".overrideReason.reason: expected one of the card's overrideReasons ("
                        + String.join(", ", Cards.OVERRIDE_REASONS.keySet()) + ", system "
                        + Cards.OVERRIDE_SYSTEM + "), got " + printable(coding.toString()));
            }
        }
        if (override.has("userComment") && !override.get("userComment").isTextual()) {
            problems.add(at + ".overrideReason.userComment: expected text");
        }
        return reason;
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

    private byte[] body(HttpExchange exchange, BodyRoom room) throws IOException {
        return body(exchange, room, "application/([a-z.+-]*\\+)?json", options.maxBodyBytes());
    }

    /** A body whose media type matches {@code types}, of at most {@code maxBytes}, within the memory budget. */
    private byte[] body(HttpExchange exchange, BodyRoom room, String types, int maxBytes) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).matches("(" + types + ")\\s*(;.*)?")) {
            drain(exchange);
            throw new RequestError(415, "expected Content-Type " + (types.contains("json") ? "application/json"
                    : types) + ", got " + (type == null ? "none" : printable(type)));
        }
        int max = Math.min(maxBytes, options.maxBodyBytes());
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            throw new RequestError(400, "a Content-Length that is not a number");
        }
        if (declared > max) {
            drain(exchange);
            throw tooLarge(max);
        }
        reserve(room, declared < 0 ? max : declared);
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            drain(exchange);
            throw tooLarge(max);
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

    /**
     * Holds room for a body of {@code bytes} while its request is served, waiting up to half the request timeout for
     * it (the JDK's clock for the whole request runs meanwhile: the other half is for reading the body); 503 when
     * there is none by then.
     */
    private void reserve(BodyRoom room, long bytes) {
        int kib = (int) Math.min(bodiesKiB, (bytes * BODY_EXPANSION + 1023) / 1024 + 1);
        Duration wait = options.requestTimeout().dividedBy(2);
        try {
            if (!bodies.tryAcquire(kib, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                System.err.println("backcare serve: 503: no room for another " + bytes + "-byte body within "
                        + TimeLimit.seconds(wait));
                throw new RequestError(503, "the server is busy with other large requests; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestError(503, "the server is stopping");
        }
        room.kib = kib;
    }

    private static RequestError tooLarge(int max) {
        return new RequestError(413, "the body is larger than " + max + " bytes");
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
