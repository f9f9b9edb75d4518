package org.backcare.review;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.backcare.Planner;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.profile.Assessment;
import org.backcare.profile.Clinician;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.ProfileWriter;
import org.backcare.profile.RedFlag;
import org.backcare.profile.WireName;
import org.backcare.report.PlanDiff;

/**
 * The review workspace: people's profiles and plans, each version kept, and what clinicians decide about them. A
 * profile put in is planned at once; a clinician signs a plan version off, or overrides it by setting the profile's
 * {@code clinician} section (PROFILE.md version 3), which makes a new profile version and a new plan to sign; a new
 * rule set sends signed plans it would change back for review. Every change is one transaction with its audit
 * entries, and an action names the {@link PersonState#rowVersion} it saw, so that of two clinicians acting on one
 * version the second is told it changed (optimistic locking) and nothing is lost.
 *
 * <p>Thread-safe: each call takes a connection of its own from the pool.
 */
public final class Workspace {
    static final String PEOPLE_COLUMNS = "profile_id, profile_version, plan_version, review_state,"
            + " state_reason, signed_plan_version, signed_by, signed_at, row_version, priority, triage, within_time,"
            + " suspected, age, risk_group, screened, rules_version, updated_at";

    private final WorkspaceDatabase database;
    private final Planner planner;
    private final Clock clock;
    private final ProfileReader reader = new ProfileReader();
    private final ProfileWriter writer = new ProfileWriter();

    public Workspace(WorkspaceDatabase database, Planner planner, Clock clock) {
        this.database = database;
        this.planner = planner;
        this.clock = clock;
    }

    public WorkspaceDatabase database() {
        return database;
    }

    Instant now() {
        return clock.instant();
    }

    public String rulesVersion() {
        return planner.rulesVersion();
    }

    /** What putting a profile in did: a new person, a new version of one, or nothing (the same profile again). */
    public enum Outcome {
        NEW, UPDATED, UNCHANGED
    }

    /** A profile put in: what became of it, and its person's state after. */
    public record Put(Outcome outcome, PersonState person) {
    }

    /** A profile planned, ready to store: done outside any transaction, so that planning never holds a lock. */
    record Prepared(Profile profile, String source, byte[] profileJson, String profileSha256, Plan plan,
            StoredPlans.Stored stored) {
    }

    /** Plans a profile for storing (any thread). */
    Prepared prepare(Profile profile, String source) {
        byte[] json = writer.toJsonLine(profile).getBytes(StandardCharsets.UTF_8);
        Plan plan = planner.plan(profile);
        return new Prepared(profile, source, json, StoredPlans.sha256(json), plan, StoredPlans.store(plan));
    }

    /**
     * As {@link #prepare}, but without planning a profile that is the workspace's current version already (no plan:
     * a re-import of a whole population plans only what changed); {@link #put} checks again in its transaction.
     */
    Prepared prepareIfChanged(Profile profile, String source) throws WorkspaceException {
        byte[] json = writer.toJsonLine(profile).getBytes(StandardCharsets.UTF_8);
        String sha = StoredPlans.sha256(json);
        String current = inTransaction("read " + profile.id(), connection -> {
            Optional<PersonState> person = person(connection, profile.id(), false);
            return person.isEmpty() ? null : profileSha(connection, profile.id(), person.get().profileVersion());
        });
        if (sha.equals(current)) return new Prepared(profile, source, json, sha, null, null);
        Plan plan = planner.plan(profile);
        return new Prepared(profile, source, json, sha, plan, StoredPlans.store(plan));
    }

    /** Puts one profile in (from a form, {@code POST /plan} or a CDS Hooks call), planned and recorded. */
    public Put put(Profile profile, String source, String actor) throws WorkspaceException {
        return put(profile, planner.plan(profile), source, actor);
    }

    /** As {@link #put(Profile, String, String)}, with the plan these rules made of it already. */
    public Put put(Profile profile, Plan plan, String source, String actor) throws WorkspaceException {
        byte[] json = writer.toJsonLine(profile).getBytes(StandardCharsets.UTF_8);
        Prepared prepared = new Prepared(profile, source, json, StoredPlans.sha256(json), plan, StoredPlans.store(plan));
        return inTransaction("store " + profile.id(), connection -> {
            List<AuditLog.Event> events = new ArrayList<>();
            Put put = put(connection, prepared, actor, false, events);
            AuditLog.append(connection, clock.instant(), events);
            return put;
        });
    }

    /**
     * Stores a planned profile in the caller's transaction, adding what it did to {@code events}. The same profile
     * again changes nothing.
     *
     * <p>A clinician's section changes by an {@link #override} only, with its reason and the clinician's name: a
     * section that comes with a profile from outside (a file, {@code POST /plan}, a CDS Hooks call, the form) is not
     * taken, and the audit entry says so, unless {@code takeSection} (an import of files from another clinical system,
     * {@code review import --with-clinician-sections}). A new version of a profile keeps the workspace's section, so
     * that an import never undoes an override, except for assessments of red flags the profile no longer reports
     * (they would not be valid): those are left out, said in the audit entry, and the person is sent for review.
     */
    Put put(Connection connection, Prepared prepared, String actor, boolean takeSection, List<AuditLog.Event> events)
            throws SQLException, WorkspaceException {
        String id = prepared.profile().id();
        Optional<PersonState> existing = person(connection, id, true);
        Instant now = clock.instant();
        if (takeSection && prepared.profile().clinician() != null) {
            return putAsItCame(connection, prepared, actor, existing, events, now);
        }
        Profile base = withSection(prepared.profile(), null);
        String notTaken = prepared.profile().clinician() == null ? null : "the clinician's section that came with it"
                + " was not taken (sections change by an override in the workspace only)";
        if (existing.isEmpty()) return putFirst(connection, prepared, base, notTaken, actor, events, now);
        PersonState was = existing.get();
        String currentSha = profileSha(connection, id, was.profileVersion());
        if (currentSha.equals(prepared.profileSha256())) return new Put(Outcome.UNCHANGED, was);
        Clinician section = profile(connection, id, was.profileVersion()).clinician();
        Clinician kept = section == null ? null : fitting(section, base);
        List<String> leftOut = new ArrayList<>();
        if (section != null) {
            for (var assessment : section.assessed()) {
                if (kept == null || !kept.assessed().contains(assessment)) leftOut.add(WireName.of(assessment.flag()));
            }
        }
        Profile candidate = withSection(base, kept);
        byte[] candidateJson = writer.toJsonLine(candidate).getBytes(StandardCharsets.UTF_8);
        if (currentSha.equals(StoredPlans.sha256(candidateJson))) return new Put(Outcome.UNCHANGED, was);
        Prepared toStore;
        try {
            toStore = planned(prepared, valid(candidate, prepared.source()));
        } catch (InvalidProfileException e) {
            // what is left of the section still does not fit: the profile as it came, without one
            toStore = planned(prepared, base);
            leftOut.clear();
            leftOut.add("the whole section (" + e.getMessage() + ")");
        }
        List<String> notes = new ArrayList<>();
        if (notTaken != null) notes.add(notTaken);
        if (!leftOut.isEmpty()) {
            notes.add("the workspace's assessment of " + String.join(", ", leftOut) + " was left out: the profile no"
                    + " longer reports it");
        }
        int profileVersion = was.profileVersion() + 1;
        int planVersion = was.planVersion() + 1;
        insertProfileVersion(connection, id, profileVersion, toStore, actor, now);
        insertPlan(connection, id, planVersion, profileVersion, toStore.plan(), toStore.stored(), now);
        boolean wasSigned = was.signedPlanVersion() != null;
        String why = String.join("; ", notes);
        String reason = wasSigned ? "the profile changed" + (why.isEmpty() ? "" : "; " + why) + ": review again"
                : why.isEmpty() ? was.stateReason() : why + ": review it";
        PersonState person = stateOf(id, profileVersion, planVersion,
                wasSigned ? PersonState.REVIEW_AGAIN : PersonState.AWAITING, reason, was.signedPlanVersion(),
                was.signedBy(), was.signedAt(), was.rowVersion() + 1, toStore.plan(), toStore.profile().age(), now);
        updatePerson(connection, person, was.rowVersion());
        events.add(new AuditLog.Event(actor, "import", id, was.planVersion(), planVersion, null, "profile version "
                + profileVersion + " from " + prepared.source() + (kept == null ? "" : "; the workspace's clinician"
                + " section kept") + (why.isEmpty() ? "" : "; " + why) + "; " + planSummary(toStore.plan())));
        return new Put(Outcome.UPDATED, person);
    }

    /** A person's first profile: version 1, planned, awaiting review, without a clinician's section from outside. */
    private Put putFirst(Connection connection, Prepared prepared, Profile base, String notTaken, String actor,
            List<AuditLog.Event> events, Instant now) throws SQLException, WorkspaceException {
        String id = prepared.profile().id();
        Prepared first = planned(prepared, base);
        PersonState person = stateOf(id, 1, 1, PersonState.AWAITING, notTaken == null ? null : notTaken
                + ": review it", null, null, null, 0, first.plan(), base.age(), now);
        insertPerson(connection, person);
        insertProfileVersion(connection, id, 1, first, actor, now);
        insertPlan(connection, id, 1, 1, first.plan(), first.stored(), now);
        events.add(new AuditLog.Event(actor, "import", id, null, 1, null, "profile version 1 from "
                + prepared.source() + (notTaken == null ? "" : "; " + notTaken) + "; " + planSummary(first.plan())));
        return new Put(Outcome.NEW, person);
    }

    /** A profile stored as it came, its own clinician's section with it (an import that asked for that). */
    private Put putAsItCame(Connection connection, Prepared prepared, String actor, Optional<PersonState> existing,
            List<AuditLog.Event> events, Instant now) throws SQLException, WorkspaceException {
        String id = prepared.profile().id();
        Prepared toStore = prepared.plan() != null ? prepared : prepare(prepared.profile(), prepared.source());
        String detail = " from " + prepared.source() + ", with the clinician's section in it; "
                + planSummary(toStore.plan());
        if (existing.isEmpty()) {
            PersonState person = stateOf(id, 1, 1, PersonState.AWAITING, null, null, null, null, 0, toStore.plan(),
                    toStore.profile().age(), now);
            insertPerson(connection, person);
            insertProfileVersion(connection, id, 1, toStore, actor, now);
            insertPlan(connection, id, 1, 1, toStore.plan(), toStore.stored(), now);
            events.add(new AuditLog.Event(actor, "import", id, null, 1, null, "profile version 1" + detail));
            return new Put(Outcome.NEW, person);
        }
        PersonState was = existing.get();
        if (profileSha(connection, id, was.profileVersion()).equals(toStore.profileSha256())) {
            return new Put(Outcome.UNCHANGED, was);
        }
        int profileVersion = was.profileVersion() + 1;
        int planVersion = was.planVersion() + 1;
        insertProfileVersion(connection, id, profileVersion, toStore, actor, now);
        insertPlan(connection, id, planVersion, profileVersion, toStore.plan(), toStore.stored(), now);
        boolean wasSigned = was.signedPlanVersion() != null;
        PersonState person = stateOf(id, profileVersion, planVersion,
                wasSigned ? PersonState.REVIEW_AGAIN : PersonState.AWAITING,
                wasSigned ? "the profile changed: review again" : was.stateReason(), was.signedPlanVersion(),
                was.signedBy(), was.signedAt(), was.rowVersion() + 1, toStore.plan(), toStore.profile().age(), now);
        updatePerson(connection, person, was.rowVersion());
        events.add(new AuditLog.Event(actor, "import", id, was.planVersion(), planVersion, null, "profile version "
                + profileVersion + detail));
        return new Put(Outcome.UPDATED, person);
    }

    /** {@code profile} as stored: planned already when it is the profile that was prepared, else planned now. */
    private Prepared planned(Prepared prepared, Profile profile) {
        byte[] json = writer.toJsonLine(profile).getBytes(StandardCharsets.UTF_8);
        if (prepared.plan() != null && StoredPlans.sha256(json).equals(prepared.profileSha256())) return prepared;
        return prepare(profile, prepared.source());
    }

    /** What of a clinician's section still fits a profile: assessments of flags it reports, and all the rest. */
    private static Clinician fitting(Clinician section, Profile profile) {
        List<RedFlag> reported = profile.pain() == null || profile.pain().redFlags() == null ? List.of()
                : profile.pain().redFlags();
        List<Assessment> assessed = section.assessed().stream().filter(a -> reported.contains(a.flag())).toList();
        if (assessed.isEmpty() && section.intensityCeiling() == null && section.excludeActivities().isEmpty()
                && section.note() == null) {
            return null;
        }
        return new Clinician(assessed, section.intensityCeiling(), section.excludeActivities(), section.note());
    }

    /**
     * {@code section} with each assessment that says what the earlier section said of its flag kept as it was, with
     * its date and assessor: changing the ceiling does not make another clinician the one who assessed a flag.
     */
    private static Clinician keepingEarlier(Clinician section, Clinician earlier) {
        if (earlier == null) return section;
        List<Assessment> assessed = section.assessed().stream().map(a -> {
            Assessment before = earlier.assessment(a.flag());
            return before != null && before.outcome() == a.outcome() ? before : a;
        }).toList();
        return new Clinician(assessed, section.intensityCeiling(), section.excludeActivities(), section.note());
    }

    private static Profile withSection(Profile p, Clinician section) {
        return new Profile(p.id(), p.age(), p.smoking(), p.sleep(), p.sitting(), p.diet(), p.hydration(), p.pain(),
                p.activity(), p.program(), section);
    }

    /** The profile as the reader reads it, so that one built here meets every rule a profile from a file meets. */
    private Profile valid(Profile profile, String source) throws InvalidProfileException {
        return reader.parse(source, writer.toJsonLine(profile), ProfileReader.Format.JSON);
    }

    /**
     * Signs off the plan version the clinician saw. Refused when the person changed since ({@code rowVersion}) or
     * the account may not act.
     */
    public PersonState signOff(String profileId, int rowVersion, String reason, Account clinician)
            throws WorkspaceException {
        mayAct(clinician, reason);
        return inTransaction("sign off " + profileId, connection -> {
            PersonState was = current(connection, profileId, rowVersion);
            Instant now = clock.instant();
            PersonState signed = new PersonState(profileId, was.profileVersion(), was.planVersion(),
                    PersonState.SIGNED_OFF, null, was.planVersion(), clinician.name(), now, was.rowVersion() + 1,
                    was.priority(), was.triage(), was.within(), was.suspected(), was.age(), was.riskGroup(),
                    was.screened(), was.rulesVersion(), now);
            updatePerson(connection, signed, rowVersion);
            insertReview(connection, profileId, "sign-off", was.planVersion(), null, reason, clinician.name(), now);
            AuditLog.append(connection, now, List.of(new AuditLog.Event(clinician.name(), "sign-off", profileId,
                    was.planVersion(), was.planVersion(), reason, "plan version " + was.planVersion() + " ("
                    + planSha(connection, profileId, was.planVersion()) + ") signed off")));
            return signed;
        });
    }

    /** An override: the plan versions before and after, the person's state after, and what changed in the plan. */
    public record Overridden(int planBefore, int planAfter, PersonState person, PlanDiff difference) {
    }

    /**
     * Overrides the plan the clinician saw by setting the profile's {@code clinician} section: a new profile version,
     * planned at once as a new plan version that awaits sign-off. Refused when the section does not fit the profile
     * (the reader's problems, by field), the person changed since, or the account may not act.
     */
    public Overridden override(String profileId, int rowVersion, Clinician section, String reason, Account clinician)
            throws WorkspaceException {
        mayAct(clinician, reason);
        Profile current = inTransaction("read " + profileId, connection -> {
            PersonState was = current(connection, profileId, rowVersion);
            return profile(connection, profileId, was.profileVersion());
        });
        Profile changed;
        try {
            changed = valid(withSection(current, keepingEarlier(section, current.clinician())),
                    "the clinician's section");
        } catch (InvalidProfileException e) {
            throw new WorkspaceException("the override does not fit " + profileId + "'s profile: "
                    + String.join("; ", e.problems().stream().map(p -> p.field() + ": " + p.message()).toList()), e);
        }
        Prepared prepared = prepare(changed, "override by " + clinician.name());
        return inTransaction("override " + profileId, connection -> {
            PersonState was = current(connection, profileId, rowVersion);
            Plan before = plan(connection, profileId, was.planVersion());
            Instant now = clock.instant();
            int profileVersion = was.profileVersion() + 1;
            int planVersion = was.planVersion() + 1;
            insertProfileVersion(connection, profileId, profileVersion, prepared, clinician.name(), now);
            insertPlan(connection, profileId, planVersion, profileVersion, prepared.plan(), prepared.stored(), now);
            PersonState person = stateOf(profileId, profileVersion, planVersion,
                    was.signedPlanVersion() == null ? PersonState.AWAITING : PersonState.REVIEW_AGAIN,
                    "overridden by " + clinician.name() + ": sign the new plan off", was.signedPlanVersion(),
                    was.signedBy(), was.signedAt(), was.rowVersion() + 1, prepared.plan(), changed.age(), now);
            updatePerson(connection, person, rowVersion);
            insertReview(connection, profileId, "override", was.planVersion(), planVersion, reason,
                    clinician.name(), now);
            PlanDiff difference = PlanDiff.of(before, prepared.plan());
            AuditLog.append(connection, now, List.of(new AuditLog.Event(clinician.name(), "override", profileId,
                    was.planVersion(), planVersion, reason, "clinician section set: "
                    + writer.toJsonLine(changed).replaceFirst("^.*\"clinician\":", "") + "; plan: "
                    + (difference.changed() ? String.join("; ", difference.changes()) : "unchanged"))));
            return new Overridden(was.planVersion(), planVersion, person, difference);
        });
    }

    /** What a new rule set did to the workspace's plans. */
    public record Recheck(int checked, int unchanged, int changed, List<String> sentBack, List<String> failed) {
    }

    /** What re-checking one person found. */
    private enum Found {
        UNCHANGED, CHANGED, SENT_BACK, FAILED
    }

    /**
     * Plans every person whose current plan came from other rules again with this workspace's rules: a plan they
     * change becomes a new plan version, and a signed-off one goes back for review ("changed by new rules: review
     * again", the differences in the audit trail, as {@code diff} words them); a plan they leave as it was keeps its
     * sign-off, and the person is noted as checked against these rules.
     */
    public Recheck recheckRules(String actor) throws WorkspaceException {
        String version = planner.rulesVersion();
        List<String> ids = inTransaction("list plans of other rules", connection -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT profile_id FROM people WHERE rules_version <> ? ORDER BY profile_id")) {
                query.setString(1, version);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) found.add(row.getString(1));
                }
            }
            return found;
        });
        // on every core: each person in a transaction of their own
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(
                Runtime.getRuntime().availableProcessors());
        try {
            List<java.util.concurrent.Future<Found>> results = new ArrayList<>();
            for (String id : ids) {
                results.add(threads.submit(() -> inTransaction("re-check " + id, connection -> recheck(connection, id,
                        actor))));
            }
            int unchanged = 0;
            int changed = 0;
            List<String> sentBack = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                Found found;
                try {
                    found = results.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WorkspaceException("the rules re-check was interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof WorkspaceException cause) throw cause;
                    throw new WorkspaceException("the rules re-check of " + ids.get(i) + " failed: " + e.getCause(),
                            e.getCause());
                }
                if (found == null) continue;
                switch (found) {
                    case UNCHANGED -> unchanged++;
                    case CHANGED -> changed++;
                    case SENT_BACK -> {
                        changed++;
                        sentBack.add(ids.get(i));
                    }
                    case FAILED -> failed.add(ids.get(i));
                }
            }
            return new Recheck(unchanged + changed + failed.size(), unchanged, changed, List.copyOf(sentBack),
                    List.copyOf(failed));
        } finally {
            // never interrupted: a transaction under way ends as it would
            threads.shutdown();
        }
    }

    /**
     * One person re-checked: what was found, or {@code null} when someone else did it first. Rules that fail on the
     * profile (an exception, an {@code Error}) keep the plan it has and send the person for review, saying why.
     */
    private Found recheck(Connection connection, String id, String actor) throws SQLException, WorkspaceException {
        PersonState was = person(connection, id, true).orElseThrow();
        if (was.rulesVersion().equals(planner.rulesVersion())) return null;
        Profile profile = profile(connection, id, was.profileVersion());
        Plan before = plan(connection, id, was.planVersion());
        Instant now = clock.instant();
        Prepared prepared;
        try {
            prepared = prepare(profile, "profile version " + was.profileVersion());
        } catch (RuntimeException | Error e) {
            // a rule's exception, or an Error it throws or causes (a stack overflow, its own huge allocation)
            String why = "rules " + planner.rulesVersion() + " fail on this profile (" + e + ")";
            PersonState failing = new PersonState(id, was.profileVersion(), was.planVersion(),
                    was.signedPlanVersion() == null ? PersonState.AWAITING : PersonState.REVIEW_AGAIN,
                    why + ": the plan of rules " + was.rulesVersion() + " stays; review it", was.signedPlanVersion(),
                    was.signedBy(), was.signedAt(), was.rowVersion() + 1, was.priority(), was.triage(), was.within(),
                    was.suspected(), was.age(), was.riskGroup(), was.screened(), planner.rulesVersion(), now);
            updatePerson(connection, failing, was.rowVersion());
            AuditLog.append(connection, now, List.of(new AuditLog.Event(actor, "rules-recheck", id,
                    was.planVersion(), was.planVersion(), null, why)));
            return Found.FAILED;
        }
        PlanDiff difference = PlanDiff.of(before, prepared.plan());
        if (!difference.changed()) {
            PersonState same = new PersonState(id, was.profileVersion(), was.planVersion(), was.state(),
                    was.stateReason(), was.signedPlanVersion(), was.signedBy(), was.signedAt(), was.rowVersion() + 1,
                    was.priority(), was.triage(), was.within(), was.suspected(), was.age(), was.riskGroup(),
                    was.screened(), planner.rulesVersion(), now);
            updatePerson(connection, same, was.rowVersion());
            AuditLog.append(connection, now, List.of(new AuditLog.Event(actor, "rules-recheck", id,
                    was.planVersion(), was.planVersion(), null, "rules " + planner.rulesVersion()
                    + " make the same plan as rules " + was.rulesVersion())));
            return Found.UNCHANGED;
        }
        int planVersion = was.planVersion() + 1;
        insertPlan(connection, id, planVersion, was.profileVersion(), prepared.plan(), prepared.stored(), now);
        boolean signed = was.signedPlanVersion() != null;
        PersonState person = stateOf(id, was.profileVersion(), planVersion,
                signed ? PersonState.REVIEW_AGAIN : PersonState.AWAITING,
                signed ? "changed by new rules: review again" : null, was.signedPlanVersion(), was.signedBy(),
                was.signedAt(), was.rowVersion() + 1, prepared.plan(), profile.age(), now);
        updatePerson(connection, person, was.rowVersion());
        AuditLog.append(connection, now, List.of(new AuditLog.Event(actor, "rules-recheck", id, was.planVersion(),
                planVersion, null, "rules " + planner.rulesVersion() + " change the plan of rules "
                + was.rulesVersion() + ": " + String.join("; ", difference.changes()))));
        return signed ? Found.SENT_BACK : Found.CHANGED;
    }

    /** A person's current state, or empty when the workspace has no profile with this id. */
    public Optional<PersonState> person(String profileId) throws WorkspaceException {
        return inTransaction("read " + profileId, connection -> person(connection, profileId, false));
    }

    /** The profile of a version, as it was stored. */
    public Profile profile(String profileId, int version) throws WorkspaceException {
        return inTransaction("read " + profileId, connection -> profile(connection, profileId, version));
    }

    /** The plan of a version, as it was stored. */
    public Plan plan(String profileId, int version) throws WorkspaceException {
        return inTransaction("read " + profileId, connection -> plan(connection, profileId, version));
    }

    /** The audit entries about a person (everyone's when {@code profileId} is null) after {@code afterSeq}. */
    public List<AuditEntry> audit(String profileId, long afterSeq, int limit) throws WorkspaceException {
        return inTransaction("read the audit trail", connection -> AuditLog.read(connection, profileId, afterSeq, limit));
    }

    /** The audit trail's last entry, or {@code null} when it has none. */
    public AuditEntry lastAudit() throws WorkspaceException {
        return inTransaction("read the audit trail", connection -> {
            long last;
            try (PreparedStatement head = connection.prepareStatement("SELECT seq FROM audit_head WHERE id = 1");
                    ResultSet row = head.executeQuery()) {
                row.next();
                last = row.getLong(1);
            }
            List<AuditEntry> entries = AuditLog.read(connection, null, last - 1, 1);
            return entries.isEmpty() ? null : entries.get(0);
        });
    }

    /** The audit trail's problems (an entry changed, missing or out of its chain); empty when it is whole. */
    public List<String> verifyAudit() throws WorkspaceException {
        return inTransaction("check the audit trail", AuditLog::verify);
    }

    private static void mayAct(Account account, String reason) throws WorkspaceException {
        if (!account.mayAct()) throw new NotAllowed(account.name() + " is a viewer and may not act on plans");
        if (reason == null || reason.isBlank()) throw new WorkspaceException("a reason is needed");
        if (reason.length() > 4000) throw new WorkspaceException("the reason has " + reason.length()
                + " characters; expected at most 4000");
    }

    /** The person as the caller saw them, or {@link Stale} when they changed since. */
    private PersonState current(Connection connection, String profileId, int rowVersion)
            throws SQLException, WorkspaceException {
        PersonState was = person(connection, profileId, true)
                .orElseThrow(() -> new WorkspaceException("no profile " + profileId + " in the workspace"));
        if (was.rowVersion() != rowVersion) throw new Stale(was);
        return was;
    }

    /** Another change to the person came first: the action was not done, and this is where they stand now. */
    public static final class Stale extends WorkspaceException {
        private static final long serialVersionUID = 1L;
        private final transient PersonState now;

        Stale(PersonState now) {
            super(now.profileId() + " changed since it was opened (now plan version " + now.planVersion() + ", "
                    + now.state() + "): look at it again before acting");
            this.now = now;
        }

        public PersonState now() {
            return now;
        }
    }

    /** The account may not do this. */
    public static final class NotAllowed extends WorkspaceException {
        private static final long serialVersionUID = 1L;

        NotAllowed(String message) {
            super(message);
        }
    }

    // --- rows ---

    private PersonState stateOf(String id, int profileVersion, int planVersion, String state, String reason,
            Integer signedPlanVersion, String signedBy, Instant signedAt, int rowVersion, Plan plan, int age,
            Instant now) {
        Finding first = Priority.mostUrgent(plan);
        return new PersonState(id, profileVersion, planVersion, state, reason, signedPlanVersion, signedBy, signedAt,
                rowVersion, Priority.of(plan), WireName.of(plan.triage().level()),
                first == null ? null : WireName.of(first.within()), first == null ? null : first.suspected(), age,
                plan.riskGroup() == null ? null : WireName.of(plan.riskGroup()), plan.triage().redFlagsScreened(),
                plan.rulesVersion(), now);
    }

    private static String planSummary(Plan plan) {
        Finding first = Priority.mostUrgent(plan);
        return "plan: " + WireName.of(plan.triage().level())
                + (first == null ? "" : ", " + first.suspected() + " within " + WireName.of(first.within()));
    }

    static Optional<PersonState> person(Connection connection, String id, boolean forUpdate) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + PEOPLE_COLUMNS
                + " FROM people WHERE profile_id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(personOf(row)) : Optional.empty();
            }
        }
    }

    static PersonState personOf(ResultSet row) throws SQLException {
        return new PersonState(row.getString(1), row.getInt(2), row.getInt(3), row.getString(4), row.getString(5),
                (Integer) row.getObject(6), row.getString(7), instant(row, 8), row.getInt(9), row.getInt(10),
                row.getString(11), row.getString(12), row.getString(13), row.getInt(14), row.getString(15),
                row.getBoolean(16), row.getString(17), instant(row, 18));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static void insertPerson(Connection connection, PersonState p) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO people (" + PEOPLE_COLUMNS
                + ", to_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            setPerson(insert, p, 1);
            insert.executeUpdate();
        }
    }

    /** Changes a person's row, if it is still at {@code rowVersion}: the guard of every change. */
    private static void updatePerson(Connection connection, PersonState p, int rowVersion)
            throws SQLException, WorkspaceException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE people SET profile_version = ?,"
                + " plan_version = ?, review_state = ?, state_reason = ?, signed_plan_version = ?, signed_by = ?,"
                + " signed_at = ?, row_version = ?, priority = ?, triage = ?, within_time = ?, suspected = ?, age = ?,"
                + " risk_group = ?, screened = ?, rules_version = ?, updated_at = ?, to_review = ? WHERE profile_id = ?"
                + " AND row_version = ?")) {
            int next = setPerson(update, p, 0);
            update.setString(next, p.profileId());
            update.setInt(next + 1, rowVersion);
            if (update.executeUpdate() != 1) {
                throw new Stale(person(connection, p.profileId(), false).orElseThrow());
            }
        }
    }

    /** Sets a person's columns from {@code first} on (the id too when {@code first} is 1); the next index. */
    private static int setPerson(PreparedStatement s, PersonState p, int first) throws SQLException {
        int i = 1;
        if (first == 1) s.setString(i++, p.profileId());
        s.setInt(i++, p.profileVersion());
        s.setInt(i++, p.planVersion());
        s.setString(i++, p.state());
        s.setString(i++, AuditLog.cut(p.stateReason(), 1000));
        AuditLog.setInteger(s, i++, p.signedPlanVersion());
        s.setString(i++, p.signedBy());
        s.setObject(i++, utc(p.signedAt()));
        s.setInt(i++, p.rowVersion());
        s.setInt(i++, p.priority());
        s.setString(i++, p.triage());
        s.setString(i++, p.within());
        s.setString(i++, AuditLog.cut(p.suspected(), 500));
        s.setInt(i++, p.age());
        s.setString(i++, p.riskGroup());
        s.setBoolean(i++, p.screened());
        s.setString(i++, p.rulesVersion());
        s.setObject(i++, utc(p.updatedAt()));
        s.setBoolean(i++, !p.state().equals(PersonState.SIGNED_OFF));
        return i;
    }

    private static void insertProfileVersion(Connection connection, String id, int version, Prepared prepared,
            String actor, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO profile_versions (profile_id,"
                + " version, profile_json, profile_sha256, source, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setInt(2, version);
            insert.setString(3, new String(prepared.profileJson(), StandardCharsets.UTF_8));
            insert.setString(4, prepared.profileSha256());
            insert.setString(5, AuditLog.cut(prepared.source(), 2000));
            insert.setString(6, actor);
            insert.setObject(7, utc(now));
            insert.executeUpdate();
        }
    }

    private static void insertPlan(Connection connection, String id, int version, int profileVersion, Plan plan,
            StoredPlans.Stored stored, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO plans (profile_id, version,"
                + " profile_version, rules_version, plan_gzip, plan_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setInt(2, version);
            insert.setInt(3, profileVersion);
            insert.setString(4, plan.rulesVersion());
            insert.setBytes(5, stored.gzip());
            insert.setString(6, stored.sha256());
            insert.setObject(7, utc(now));
            insert.executeUpdate();
        }
    }

    private static void insertReview(Connection connection, String id, String action, int planVersion,
            Integer newPlanVersion, String reason, String by, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO reviews (profile_id, action,"
                + " plan_version, new_plan_version, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, action);
            insert.setInt(3, planVersion);
            AuditLog.setInteger(insert, 4, newPlanVersion);
            insert.setString(5, reason);
            insert.setString(6, by);
            insert.setObject(7, utc(now));
            insert.executeUpdate();
        }
    }

    private static String profileSha(Connection connection, String id, int version) throws SQLException {
        return string(connection, "SELECT profile_sha256 FROM profile_versions WHERE profile_id = ? AND version = ?",
                id, version);
    }

    private static String planSha(Connection connection, String id, int version) throws SQLException {
        return string(connection, "SELECT plan_sha256 FROM plans WHERE profile_id = ? AND version = ?", id, version);
    }

    private Profile profile(Connection connection, String id, int version) throws SQLException, WorkspaceException {
        String json = string(connection, "SELECT profile_json FROM profile_versions WHERE profile_id = ? AND version = ?",
                id, version);
        try {
            return reader.parse(id + " profile version " + version, json, ProfileReader.Format.JSON);
        } catch (InvalidProfileException e) {
            throw new WorkspaceException(id + " profile version " + version + " no longer reads as a profile: "
                    + e.getMessage(), e);
        }
    }

    private static Plan plan(Connection connection, String id, int version) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT plan_gzip, plan_sha256 FROM plans WHERE profile_id = ? AND version = ?")) {
            query.setString(1, id);
            query.setInt(2, version);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) throw new SQLException("no plan version " + version + " of " + id);
                byte[] json = StoredPlans.json(row.getBytes(1));
                if (!StoredPlans.sha256(json).equals(row.getString(2))) {
                    throw new SQLException("plan version " + version + " of " + id + " does not match its hash");
                }
                return StoredPlans.plan(json);
            }
        }
    }

    private static String string(Connection connection, String sql, String id, int version) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, id);
            query.setInt(2, version);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) throw new SQLException("no version " + version + " of " + id);
                return row.getString(1);
            }
        }
    }

    /**
     * Work done in one transaction: committed when it returns, rolled back when it throws, and done again from the
     * start when it met another transaction (so it must keep nothing outside it between attempts).
     */
    interface Work<T> {
        T in(Connection connection) throws SQLException, WorkspaceException;
    }

    <T> T inTransaction(String what, Work<T> work) throws WorkspaceException {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = database.connection()) {
                try {
                    T result = work.in(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | WorkspaceException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                // two transactions that met (the same new profile from two sources, a deadlock, a lock waited out):
                // the work is done again from the start, a few times
                if (attempt < MAX_ATTEMPTS && isConflict(e)) continue;
                throw new WorkspaceException("cannot " + what + " in " + database.where() + ": " + e.getMessage(), e);
            }
        }
    }

    private static final int MAX_ATTEMPTS = 3;

    /** A unique key taken meanwhile, a serialization failure or deadlock, or a lock waited out (H2). */
    private static boolean isConflict(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("23505") || state.equals("40001") || state.equals("40P01")
                || state.equals("HYT00"));
    }
}
