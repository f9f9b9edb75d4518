package org.backcare.review.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.backcare.plan.Plan;
import org.backcare.profile.ActivityType;
import org.backcare.profile.AllowedIntensity;
import org.backcare.profile.Assessment;
import org.backcare.profile.AssessmentOutcome;
import org.backcare.profile.Clinician;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.RedFlag;
import org.backcare.profile.WireName;
import org.backcare.report.HtmlReport;
import org.backcare.report.PlanDiff;
import org.backcare.review.Account;
import org.backcare.review.Accounts;
import org.backcare.review.AuditEntry;
import org.backcare.review.AuditExport;
import org.backcare.review.PersonState;
import org.backcare.review.Worklist;
import org.backcare.review.Workspace;
import org.backcare.review.WorkspaceException;
import org.backcare.serve.ReviewLink;

/**
 * The review workspace's pages in {@code serve}: sign-in, the worklist, a person's review page (the plan as a clinician
 * reads it, with sign-off and override, each needing a reason), adding a profile, and the audit trail with its CSV
 * and JSON. A stranger sees only the sign-in form; a viewer reads and cannot act; every form carries its session's
 * CSRF token, and a POST without it is refused. Pages send no script at all, and a Content-Security-Policy that
 * allows none. Thread-safe.
 */
public final class WorkspaceSite implements ReviewLink {
    public static final String COOKIE = "backcare-session";
    /** The largest form accepted: a pasted profile (64 KiB) and its reason, with room for URL encoding. */
    private static final int MAX_FORM = 256 * 1024;
    private static final String FORM_TYPES = "application/x-www-form-urlencoded|multipart/form-data";
    /** The chronic red flags a clinician may assess (PROFILE.md version 3); acute ones cannot be assessed away. */
    private static final List<RedFlag> CHRONIC = List.of(RedFlag.HISTORY_OF_CANCER, RedFlag.OSTEOPOROSIS_OR_STEROIDS,
            RedFlag.INFLAMMATORY_PATTERN, RedFlag.IV_DRUG_USE, RedFlag.IMMUNOSUPPRESSED);
    private static final int AUDIT_PAGE = 200;
    /** Profiles waiting to be kept, at most. */
    static final int KEEP_QUEUE = 1_000;

    private final Workspace workspace;
    private final Accounts accounts;
    private final HtmlReport report;
    private final Sessions sessions;
    private final Clock clock;
    private final boolean secureCookies;
    private final String style;
    private final Map<String, Mustache> templates = new LinkedHashMap<>();
    private final ProfileReader reader = new ProfileReader();
    /** Sign-in checks under way at once, at most one per core. */
    private final java.util.concurrent.Semaphore checking = new java.util.concurrent.Semaphore(
            Runtime.getRuntime().availableProcessors());
    /** Keeps what requests planned, one at a time, off the requests' threads. */
    private final ExecutorService keeper;

    /**
     * The workspace's site; {@code secureCookies} when the server is reached over HTTPS (behind a proxy), so that its
     * session cookie is never sent in clear.
     */
    public WorkspaceSite(Workspace workspace, Accounts accounts, HtmlReport report, Clock clock, boolean secureCookies) {
        this.workspace = workspace;
        this.accounts = accounts;
        this.report = report;
        this.clock = clock;
        this.secureCookies = secureCookies;
        this.sessions = new Sessions(clock);
        this.style = report.styleElement();
        DefaultMustacheFactory factory = new DefaultMustacheFactory("backcare/review");
        for (String name : List.of("sign-in", "worklist", "person", "new", "audit", "error")) {
            templates.put(name, factory.compile(name + ".mustache"));
        }
        // at most KEEP_QUEUE waiting: beyond, a request's profile is not kept (and the log says so), so that a flood
        // of requests never fills the memory
        this.keeper = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(KEEP_QUEUE), task -> {
            Thread thread = new Thread(task, "backcare-review-keeper");
            thread.setDaemon(true);
            return thread;
        }, (task, executor) -> System.err.println("backcare serve: the workspace is busy: a planned profile was not"
                + " kept for review"));
    }

    @Override
    public boolean serves(String path) {
        return path.equals("/") || path.equals("/sign-in") || path.equals("/sign-out") || path.equals("/review")
                || path.startsWith("/review/");
    }

    @Override
    public void keep(Profile profile, Plan plan, String source) {
        keeper.execute(() -> {
            try {
                workspace.put(profile, plan, source, "serve");
            } catch (WorkspaceException | RuntimeException e) {
                System.err.println("backcare serve: the workspace could not keep " + profile.id() + ": "
                        + e.getMessage());
            }
        });
    }

    @Override
    public String reviewOf(Plan plan) {
        try {
            Optional<PersonState> person = workspace.person(plan.profileId());
            if (person.isEmpty()) return null;
            PersonState p = person.get();
            if (p.signedPlanVersion() != null && !PlanDiff.of(workspace.plan(p.profileId(), p.signedPlanVersion()), plan)
                    .changed()) {
                return "signed off by " + p.signedBy() + " on " + LocalDate.ofInstant(p.signedAt(), ZoneOffset.UTC)
                        + " (plan version " + p.signedPlanVersion() + ")";
            }
            // the record has no clinician's section; the workspace's override would change what this card shows
            if (workspace.profile(p.profileId(), p.profileVersion()).clinician() != null
                    && PlanDiff.of(workspace.plan(p.profileId(), p.planVersion()), plan).changed()) {
                return "a clinician's override in the review workspace changes this plan: see plan version "
                        + p.planVersion() + " there (" + p.state() + ")";
            }
            return null;
        } catch (WorkspaceException | RuntimeException e) {
            return null;
        }
    }

    /** A request, with its form or query, the session and what it may do. */
    private record Request(HttpExchange exchange, String method, String path, Map<String, List<String>> form,
            Map<String, byte[]> files, Optional<Sessions.Session> session) {

        String first(String name) {
            List<String> values = form.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        List<String> all(String name) {
            return form.getOrDefault(name, List.of());
        }
    }

    /** A page refused: its status and what to say. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void handle(HttpExchange exchange, Bodies bodies) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        headers(exchange);
        Optional<Sessions.Session> session = sessions.find(cookie(exchange));
        Map<String, List<String>> form = new LinkedHashMap<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            if (!read(exchange, bodies, method, session, form, files)) return;
        } catch (IllegalArgumentException e) {
            // a malformed %-escape
            page(exchange, 400, "error", view(session, "Refused", null, "a malformed form or query"));
            return;
        }
        Request request = new Request(exchange, method, path, form, files, session);
        try {
            route(request);
        } catch (Refused e) {
            page(exchange, e.status, "error", view(session, "Refused", null, e.getMessage()));
        } catch (WorkspaceException e) {
            page(exchange, 409, "error", view(session, "Not done", null, e.getMessage()));
        }
    }

    /** Reads a request's form (a POST's body, a GET's query) into {@code form} and {@code files}; false if refused. */
    private boolean read(HttpExchange exchange, Bodies bodies, String method, Optional<Sessions.Session> session,
            Map<String, List<String>> form, Map<String, byte[]> files) throws IOException {
        if (method.equals("POST")) {
            byte[] body = bodies.read(exchange, FORM_TYPES, MAX_FORM);
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                if (!Multipart.parse(body, type, form, files)) {
                    page(exchange, 400, "error", view(session, "Refused", null, "a malformed multipart form"));
                    return false;
                }
            } else {
                form.putAll(decode(new String(body, StandardCharsets.UTF_8)));
            }
        } else if (method.equals("GET")) {
            form.putAll(decode(exchange.getRequestURI().getRawQuery()));
        } else {
            page(exchange, 405, "error", view(session, "Not allowed", null, "expected GET or POST"));
            return false;
        }
        return true;
    }

    private void route(Request r) throws IOException, WorkspaceException {
        if (r.method().equals("POST")) checkCsrf(r);
        switch (r.path()) {
            case "/" -> {
                if (r.session().isPresent()) redirect(r.exchange(), "/review");
                else signInPage(r.exchange(), null, 200);
            }
            case "/sign-in" -> {
                if (r.method().equals("GET")) signInPage(r.exchange(), null, 200);
                else signIn(r);
            }
            case "/sign-out" -> {
                post(r);
                sessions.end(cookie(r.exchange()));
                r.exchange().getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly;"
                        + " SameSite=Strict" + (secureCookies ? "; Secure" : ""));
                redirect(r.exchange(), "/");
            }
            default -> signedIn(r);
        }
    }

    /** The pages behind the sign-in: a stranger is sent to it. */
    private void signedIn(Request r) throws IOException, WorkspaceException {
        if (r.session().isEmpty()) {
            if (r.method().equals("GET")) redirect(r.exchange(), "/");
            else throw new Refused(403, "sign in first");
            return;
        }
        String path = r.path();
        if (path.equals("/review")) worklist(r);
        else if (path.equals("/review/new")) addProfile(r);
        else if (path.equals("/review/audit")) auditPage(r);
        else if (path.equals("/review/audit.csv") || path.equals("/review/audit.json")) auditFile(r);
        else if (path.startsWith("/review/p/")) {
            String rest = path.substring("/review/p/".length());
            int slash = rest.indexOf('/');
            String id = slash < 0 ? rest : rest.substring(0, slash);
            String action = slash < 0 ? "" : rest.substring(slash + 1);
            switch (action) {
                case "" -> personPage(r, id, null, 200);
                case "sign-off" -> signOff(r, id);
                case "override" -> override(r, id);
                default -> throw new Refused(404, "no such page");
            }
        } else {
            throw new Refused(404, "no such page");
        }
    }

    // --- sign-in ---

    private void signInPage(HttpExchange exchange, String error, int status) throws IOException {
        // a form posted from elsewhere cannot sign someone in: the token it needs is in a cookie of this site's (the
        // same one for a second tab, so that the first tab's form still works)
        String given = cookie(exchange, "backcare-signin");
        String token = given != null && given.matches("[A-Za-z0-9_-]{43}") ? given : sessions.token();
        exchange.getResponseHeaders().add("Set-Cookie", "backcare-signin=" + token + "; Path=/sign-in; HttpOnly;"
                + " SameSite=Strict" + (secureCookies ? "; Secure" : ""));
        Map<String, Object> view = view(Optional.empty(), "Sign in", null, error);
        view.put("csrf", token);
        page(exchange, status, "sign-in", view);
    }

    private void signIn(Request r) throws IOException, WorkspaceException {
        String name = r.first("name") == null ? "" : r.first("name").strip().toLowerCase(Locale.ROOT);
        String address = r.exchange().getRemoteAddress().getAddress().getHostAddress();
        // a name no account can have is counted by its address alone, and never kept
        String counted = Accounts.isName(name) ? name : "";
        Duration wait = sessions.attempt(counted, address);
        if (!wait.isZero()) {
            signInPage(r.exchange(), "Too many attempts: try again in " + (wait.toMinutes() + 1) + " minutes.", 429);
            return;
        }
        char[] password = r.first("password") == null ? new char[0] : r.first("password").toCharArray();
        Optional<Account> account;
        // BCrypt costs about a quarter of a second of a core: a core's worth of checks at once, no more
        try {
            if (!checking.tryAcquire(5, TimeUnit.SECONDS)) throw new Refused(503, "busy: try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(503, "the server is stopping");
        }
        try {
            account = accounts.signIn(name, password, address);
        } finally {
            checking.release();
            java.util.Arrays.fill(password, '\0');
        }
        if (account.isEmpty()) {
            signInPage(r.exchange(), "That name and password do not match an account.", 401);
            return;
        }
        sessions.succeeded(counted, address);
        Sessions.Session session = sessions.start(account.get());
        r.exchange().getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session.token() + "; Path=/; HttpOnly;"
                + " SameSite=Strict" + (secureCookies ? "; Secure" : ""));
        redirect(r.exchange(), "/review");
    }

    /** A POST must carry the token of the form it came from: its session's, or for sign-in its cookie's. */
    private void checkCsrf(Request r) {
        String sent = r.first("csrf");
        String expected = r.path().equals("/sign-in") ? cookie(r.exchange(), "backcare-signin")
                : r.session().map(Sessions.Session::csrf).orElse(null);
        if (sent == null || expected == null || !java.security.MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new Refused(403, "this form has expired or did not come from this site: open the page again");
        }
    }

    // --- the worklist ---

    private void worklist(Request r) throws IOException, WorkspaceException {
        Worklist.Show show = switch (Optional.ofNullable(r.first("show")).orElse("")) {
            case "signed-off" -> Worklist.Show.SIGNED_OFF;
            case "all" -> Worklist.Show.ALL;
            default -> Worklist.Show.TO_REVIEW;
        };
        String triage = blankToNull(r.first("triage"));
        String risk = blankToNull(r.first("risk"));
        String search = blankToNull(r.first("search"));
        String within = blankToNull(r.first("within"));
        Integer afterPriority = null;
        String afterId = null;
        String after = r.first("after");
        if (after != null && after.matches("\\d{1,2}:.{1,64}")) {
            afterPriority = Integer.parseInt(after.substring(0, after.indexOf(':')));
            afterId = after.substring(after.indexOf(':') + 1);
        }
        Worklist.Query query = new Worklist.Query(show, search, triage, risk, within, afterPriority, afterId, 50);
        Worklist.Page page = Worklist.page(workspace, query);
        Map<String, Object> view = view(r.session(), "Worklist", null, null);
        view.put("people", page.people().stream().map(WorkspaceSite::row).toList());
        view.put("search", search);
        view.put("shows", options(show == Worklist.Show.SIGNED_OFF ? "signed-off" : show == Worklist.Show.ALL ? "all"
                : "", List.of("", "to review", "signed-off", "signed off", "all", "everyone")));
        view.put("triages", options(triage, List.of("", "any", "urgent", "urgent", "see-clinician", "see a clinician",
                "self-care", "self-care")));
        view.put("risks", options(risk, List.of("", "any", "high", "high", "medium", "medium", "low", "low")));
        view.put("withins", options(within, List.of("", "any", "now", "now", "24-hours", "within 24 hours", "1-week",
                "within a week", "routine", "routine")));
        Worklist.Query next = query.next(page);
        if (next != null) {
            view.put("next", "/review?" + query("show", r.first("show"), "search", search, "triage", triage, "risk",
                    risk, "within", within, "after", next.afterPriority() + ":" + next.afterId()));
        }
        page(r.exchange(), 200, "worklist", view);
    }

    private static Map<String, Object> row(PersonState p) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("profileId", p.profileId());
        row.put("within", p.within());
        row.put("suspected", p.suspected());
        row.put("triage", p.triage());
        row.put("screened", p.screened());
        row.put("age", p.age());
        row.put("riskGroup", p.riskGroup());
        row.put("state", p.state());
        row.put("stateReason", p.stateReason());
        return row;
    }

    // --- a person's review ---

    private void personPage(Request r, String id, String message, int status) throws IOException, WorkspaceException {
        PersonState person = workspace.person(id).orElseThrow(() -> new Refused(404, "no profile " + id));
        Profile profile = workspace.profile(id, person.profileVersion());
        Plan plan = workspace.plan(id, person.planVersion());
        Map<String, Object> view = view(r.session(), "Review of " + id, message, null);
        view.put("profileId", id);
        view.put("state", person.state());
        view.put("stateReason", person.stateReason());
        view.put("planVersion", person.planVersion());
        view.put("profileVersion", person.profileVersion());
        view.put("planRules", plan.rulesVersion());
        if (!plan.rulesVersion().equals(person.rulesVersion())) view.put("checkedAgainst", person.rulesVersion());
        view.put("rowVersion", person.rowVersion());
        if (person.signedPlanVersion() != null) {
            view.put("signed", true);
            view.put("signedPlanVersion", person.signedPlanVersion());
            view.put("signedBy", person.signedBy());
            view.put("signedAt", person.signedAt().toString());
        }
        // what changed: since the plan signed off, or else since the plan before
        Integer base = person.signedPlanVersion() != null && person.signedPlanVersion() != person.planVersion()
                ? person.signedPlanVersion() : person.planVersion() > 1 ? Integer.valueOf(person.planVersion() - 1) : null;
        if (base != null && !base.equals(person.planVersion())) {
            PlanDiff diff = PlanDiff.of(workspace.plan(id, base), plan);
            view.put("hasChanges", true);
            view.put("changesHeading", "What changed since plan version " + base
                    + (base.equals(person.signedPlanVersion()) ? " (signed off)" : ""));
            view.put("changes", diff.changed() ? diff.changes() : List.of("nothing a reader would notice"));
        }
        overrideForm(view, profile);
        view.put("planSections", report.planSections(profile, plan, "plan version " + person.planVersion()));
        view.put("trail", trail(workspace.audit(id, 0, AUDIT_PAGE)));
        page(r.exchange(), status, "person", view);
    }

    /** The override form, filled with the profile's clinician's section: assessments, ceiling, activities, note. */
    private static void overrideForm(Map<String, Object> view, Profile profile) {
        Clinician section = profile.clinician();
        List<Map<String, Object>> chronic = new ArrayList<>();
        List<RedFlag> reported = profile.pain() == null || profile.pain().redFlags() == null ? List.of()
                : profile.pain().redFlags();
        for (RedFlag flag : CHRONIC) {
            if (!reported.contains(flag)) continue;
            Assessment assessed = section == null ? null : section.assessment(flag);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("flag", WireName.of(flag));
            entry.put("cleared", assessed != null && assessed.outcome() == AssessmentOutcome.CLEARED);
            entry.put("managed", assessed != null && assessed.outcome() == AssessmentOutcome.MANAGED);
            chronic.add(entry);
        }
        view.put("hasChronic", !chronic.isEmpty());
        view.put("chronic", chronic);
        List<String> ceilings = new ArrayList<>(List.of("", "none"));
        for (AllowedIntensity intensity : AllowedIntensity.values()) {
            ceilings.add(WireName.of(intensity));
            ceilings.add(WireName.of(intensity));
        }
        view.put("ceilings", options(section == null || section.intensityCeiling() == null ? ""
                : WireName.of(section.intensityCeiling()), ceilings));
        List<Map<String, Object>> activities = new ArrayList<>();
        for (ActivityType type : ActivityType.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", WireName.of(type));
            entry.put("selected", section != null && section.excludeActivities().contains(type));
            activities.add(entry);
        }
        view.put("activities", activities);
        view.put("note", section == null ? null : section.note());
    }

    private void signOff(Request r, String id) throws IOException, WorkspaceException {
        post(r);
        Account account = r.session().orElseThrow().account();
        int rowVersion = rowVersion(r);
        try {
            PersonState signed = workspace.signOff(id, rowVersion, r.first("reason"), account);
            personPage(r, id, "Plan version " + signed.signedPlanVersion() + " signed off.", 200);
        } catch (Workspace.Stale e) {
            personPage(r, id, e.getMessage() + ". Nothing was signed: this is the plan as it is now.", 409);
        } catch (Workspace.NotAllowed e) {
            throw new Refused(403, e.getMessage());
        }
    }

    private void override(Request r, String id) throws IOException, WorkspaceException {
        post(r);
        Account account = r.session().orElseThrow().account();
        if (!account.mayAct()) throw new Refused(403, account.name() + " is a viewer and may not act on plans");
        int rowVersion = rowVersion(r);
        List<Assessment> assessed = new ArrayList<>();
        LocalDate today = LocalDate.now(clock);
        for (RedFlag flag : CHRONIC) {
            String outcome = r.first("assessed-" + WireName.of(flag));
            if (outcome == null || outcome.isBlank()) continue;
            AssessmentOutcome parsed = WireName.parse(AssessmentOutcome.class, outcome)
                    .orElseThrow(() -> new Refused(400, "assessed-" + WireName.of(flag) + ": expected cleared or managed"));
            assessed.add(new Assessment(flag, today, parsed, account.name()));
        }
        String ceilingText = blankToNull(r.first("intensityCeiling"));
        AllowedIntensity ceiling = ceilingText == null ? null : WireName.parse(AllowedIntensity.class, ceilingText)
                .orElseThrow(() -> new Refused(400, "intensityCeiling: expected one of "
                        + WireName.list(AllowedIntensity.class)));
        List<ActivityType> excluded = new ArrayList<>();
        for (String name : r.all("exclude")) {
            excluded.add(WireName.parse(ActivityType.class, name)
                    .orElseThrow(() -> new Refused(400, "exclude: expected one of " + WireName.list(ActivityType.class))));
        }
        Clinician section = new Clinician(assessed, ceiling, excluded, blankToNull(r.first("note")));
        try {
            Workspace.Overridden done = workspace.override(id, rowVersion, section, r.first("reason"), account);
            personPage(r, id, "Overridden: plan version " + done.planAfter() + " awaits sign-off.", 200);
        } catch (Workspace.Stale e) {
            personPage(r, id, e.getMessage() + ". Nothing was changed: this is the plan as it is now.", 409);
        } catch (Workspace.NotAllowed e) {
            throw new Refused(403, e.getMessage());
        }
    }

    private static int rowVersion(Request r) {
        try {
            return Integer.parseInt(r.first("rowVersion"));
        } catch (NumberFormatException e) {
            throw new Refused(400, "rowVersion: expected the number the page gave");
        }
    }

    // --- adding a profile ---

    private void addProfile(Request r) throws IOException, WorkspaceException {
        Account account = r.session().orElseThrow().account();
        if (!account.mayAct()) throw new Refused(403, account.name() + " is a viewer and may not add profiles");
        Map<String, Object> view = view(r.session(), "Add a profile", null, null);
        if (r.method().equals("GET")) {
            page(r.exchange(), 200, "new", view);
            return;
        }
        byte[] uploaded = r.files().get("file");
        boolean isUpload = uploaded != null && uploaded.length > 0;
        String text = isUpload ? null : r.first("profile") == null ? "" : r.first("profile");
        Profile profile;
        try {
            byte[] content = isUpload ? uploaded : text.getBytes(StandardCharsets.UTF_8);
            String start = new String(content, 0, Math.min(content.length, 64), StandardCharsets.UTF_8).stripLeading();
            ProfileReader.Format format = start.startsWith("{") ? ProfileReader.Format.JSON : ProfileReader.Format.YAML;
            profile = reader.parse(isUpload ? "the uploaded file" : "the pasted profile", content, format);
        } catch (InvalidProfileException e) {
            view.put("error", String.join("; ", e.problems().stream().map(Object::toString).toList()));
            view.put("profile", text);
            page(r.exchange(), 400, "new", view);
            return;
        }
        workspace.put(profile, (isUpload ? "uploaded by " : "pasted by ") + account.name(), account.name());
        redirect(r.exchange(), "/review/p/" + URLEncoder.encode(profile.id(), StandardCharsets.UTF_8));
    }

    // --- the audit trail ---

    private void auditPage(Request r) throws IOException, WorkspaceException {
        long after = 0;
        try {
            after = r.first("after") == null ? 0 : Long.parseLong(r.first("after"));
        } catch (NumberFormatException e) {
            throw new Refused(400, "after: expected an entry's number");
        }
        List<AuditEntry> entries = workspace.audit(null, after, AUDIT_PAGE);
        Map<String, Object> view = view(r.session(), "Audit trail", null, null);
        // checking reads the whole trail: on request only
        if (r.first("verify") != null) {
            List<String> problems = workspace.verifyAudit();
            view.put("verdict", problems.isEmpty() ? "The trail is whole: every entry matches its hash and follows the"
                    + " one before." : "The trail is not whole: " + String.join("; ", problems) + ".");
        }
        view.put("trail", trail(entries));
        if (entries.size() == AUDIT_PAGE) view.put("next", "/review/audit?after=" + entries.get(entries.size() - 1).seq());
        page(r.exchange(), 200, "audit", view);
    }

    /** The trail as a file, streamed a page at a time: a long trail takes no more of the server's memory. */
    private void auditFile(Request r) throws IOException, WorkspaceException {
        boolean csv = r.path().endsWith(".csv");
        String profile = blankToNull(r.first("profile"));
        HttpExchange exchange = r.exchange();
        exchange.getResponseHeaders().set("Content-Type", csv ? "text/csv; charset=utf-8" : "application/json");
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"backcare-audit"
                + (profile == null ? "" : "-" + profile.replaceAll("[^A-Za-z0-9._-]", "")) + (csv ? ".csv" : ".json")
                + "\"");
        exchange.sendResponseHeaders(200, 0);
        try (java.io.Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(exchange.getResponseBody(),
                StandardCharsets.UTF_8))) {
            AuditExport.write(workspace, profile, csv ? AuditExport.Format.CSV : AuditExport.Format.JSON, out);
        }
    }

    private static List<Map<String, Object>> trail(List<AuditEntry> entries) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AuditEntry e : entries) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seq", e.seq());
            row.put("at", e.at().toString());
            row.put("actor", e.actor());
            row.put("action", e.action());
            row.put("profileId", e.profileId());
            row.put("plans", e.planBefore() == null && e.planAfter() == null ? ""
                    : (e.planBefore() == null ? "" : e.planBefore() + " \u2192 ") + (e.planAfter() == null ? "" : e.planAfter()));
            row.put("reason", e.reason());
            row.put("detail", e.detail());
            rows.add(row);
        }
        return rows;
    }

    // --- the parts every page shares ---

    private Map<String, Object> view(Optional<Sessions.Session> session, String title, String message, String error) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", title);
        view.put("style", style);
        view.put("message", message);
        view.put("error", error);
        session.ifPresent(s -> {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("name", s.account().name());
            account.put("role", WireName.of(s.account().role()));
            account.put("mayAct", s.account().mayAct());
            account.put("csrf", s.csrf());
            view.put("account", account);
            view.put("mayAct", s.account().mayAct());
            view.put("csrf", s.csrf());
        });
        return view;
    }

    /** Options for a select: pairs of value and label, the one equal to {@code selected} selected. */
    private static List<Map<String, Object>> options(String selected, List<String> valuesAndLabels) {
        List<Map<String, Object>> options = new ArrayList<>();
        for (int i = 0; i < valuesAndLabels.size(); i += 2) {
            Map<String, Object> option = new LinkedHashMap<>();
            option.put("value", valuesAndLabels.get(i));
            option.put("label", valuesAndLabels.get(i + 1));
            option.put("selected", valuesAndLabels.get(i).equals(selected == null ? "" : selected));
            options.add(option);
        }
        return options;
    }

    private static void post(Request r) {
        if (!r.method().equals("POST")) throw new Refused(405, "expected POST");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String query(String... namesAndValues) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) continue;
            if (query.length() > 0) query.append('&');
            query.append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    static Map<String, List<String>> decode(String encoded) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) return form;
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return form;
    }

    private static String cookie(HttpExchange exchange) {
        return cookie(exchange, COOKIE);
    }

    private static String cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String[] pair = part.strip().split("=", 2);
                if (pair.length == 2 && pair[0].equals(name)) return pair[1];
            }
        }
        return null;
    }

    /** Headers every page of the workspace sends: no script, no framing, no caching, no sniffing, no referrer. */
    private static void headers(HttpExchange exchange) {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:;"
                + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
    }

    private void page(HttpExchange exchange, int status, String template, Map<String, Object> view) throws IOException {
        StringWriter out = new StringWriter();
        try {
            templates.get(template).execute(out, view).flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        send(exchange, status, "text/html; charset=utf-8", out.toString());
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(303, -1);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
