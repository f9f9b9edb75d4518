package org.backcare.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.backcare.Fixtures;
import org.backcare.Planner;
import org.backcare.generate.ProfileGenerator;
import org.backcare.plan.Plan;
import org.backcare.plan.TriageLevel;
import org.backcare.profile.ActivityType;
import org.backcare.profile.AllowedIntensity;
import org.backcare.profile.Assessment;
import org.backcare.profile.AssessmentOutcome;
import org.backcare.profile.Clinician;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileWriter;
import org.backcare.profile.RedFlag;
import org.backcare.report.PlanDiff;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The review workspace's storage, on an embedded H2 database and on PostgreSQL: profiles and plans kept version by
 * version, sign-offs and overrides with optimistic locking, viewers refused, the audit trail append-only in the
 * database itself, the worklist in order page by page, and a rules change sending back exactly the signed plans that
 * {@code diff} says change.
 */
class WorkspaceTest {
    private static final Account LEE = new Account("lee", Account.Role.CLINICIAN);
    private static final Account PATEL = new Account("patel", Account.Role.CLINICIAN);
    private static final Account VIEWER = new Account("sam", Account.Role.VIEWER);

    @TempDir
    Path dir;

    static List<String> engines() {
        return Databases.names();
    }

    private static Workspace workspace(Databases.Fresh fresh) {
        return new Workspace(fresh.database(), Fixtures.planner(), Clock.systemUTC());
    }

    private static Profile json(String json) throws Exception {
        return new org.backcare.profile.ProfileReader().parse("test", json,
                org.backcare.profile.ProfileReader.Format.JSON);
    }

    private static Profile cancerHistory(String id) {
        return cancerHistory(id, 58);
    }

    private static Profile cancerHistory(String id, int age) {
        return Fixtures.profile("""
                id: %s
                age: %d
                pain: {currentIntensity: 3, durationWeeks: 20, areas: [lower-back], redFlags: [history-of-cancer]}
                activity: {likes: [walking, yoga], activeMinutesPerWeek: 60}
                """.formatted(id, age));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aProfileIsKeptVersionByVersionAndTheSameProfileAgainChangesNothing(String engine) throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            Profile first = cancerHistory("p1");

            Workspace.Put added = workspace.put(first, "form", "lee");
            Workspace.Put again = workspace.put(first, "form", "lee");
            Profile changed = json(new ProfileWriter().toJsonLine(first).replace("\"age\":58", "\"age\":59"));
            Workspace.Put updated = workspace.put(changed, "form", "lee");

            assertThat(added.outcome()).isEqualTo(Workspace.Outcome.NEW);
            assertThat(again.outcome()).isEqualTo(Workspace.Outcome.UNCHANGED);
            assertThat(updated.outcome()).isEqualTo(Workspace.Outcome.UPDATED);
            assertThat(updated.person().profileVersion()).isEqualTo(2);
            assertThat(updated.person().planVersion()).isEqualTo(2);
            assertThat(workspace.profile("p1", 1)).isEqualTo(first);
            assertThat(workspace.profile("p1", 2)).isEqualTo(changed);
            assertThat(workspace.plan("p1", 1)).isEqualTo(Fixtures.planner().plan(first));
            assertThat(workspace.plan("p1", 2)).isEqualTo(Fixtures.planner().plan(changed));
            assertThat(workspace.audit("p1", 0, 100)).extracting(AuditEntry::action).containsExactly("import", "import");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aSignOffHoldsUntilTheProfileChangesThenThePersonComesBackForReview(String engine) throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            PersonState person = workspace.put(cancerHistory("p1"), "form", "lee").person();

            PersonState signed = workspace.signOff("p1", person.rowVersion(), "reviewed with the oncology letter", LEE);
            Profile changed = json(new ProfileWriter().toJsonLine(cancerHistory("p1"))
                    .replace("\"currentIntensity\":3", "\"currentIntensity\":8"));
            PersonState after = workspace.put(changed, "form", "lee").person();

            assertThat(signed.state()).isEqualTo(PersonState.SIGNED_OFF);
            assertThat(signed.signedPlanVersion()).isEqualTo(1);
            assertThat(signed.signedBy()).isEqualTo("lee");
            assertThat(after.state()).isEqualTo(PersonState.REVIEW_AGAIN);
            assertThat(after.stateReason()).contains("the profile changed");
            assertThat(after.signedPlanVersion()).isEqualTo(1);
            assertThat(after.planVersion()).isEqualTo(2);
            // cancer history at 8/10 is a finding within 24 hours: the person moves up the worklist
            assertThat(after.priority()).isLessThan(signed.priority());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void ofTwoCliniciansActingOnOneVersionTheSecondIsToldItChangedAndNothingIsLost(String engine) throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            int seen = workspace.put(cancerHistory("p1"), "form", "lee").person().rowVersion();
            Clinician ceiling = new Clinician(List.of(), AllowedIntensity.LIGHT, List.of(), null);

            workspace.override("p1", seen, ceiling, "light activity only until the scan", LEE);
            Workspace.Stale stale = catchThrowableOfType(Workspace.Stale.class,
                    () -> workspace.signOff("p1", seen, "looks fine", PATEL));

            assertThat(stale).isNotNull();
            assertThat(stale.getMessage()).contains("p1 changed since it was opened", "plan version 2");
            assertThat(stale.now().planVersion()).isEqualTo(2);
            assertThat(workspace.person("p1").orElseThrow().signedPlanVersion()).isNull();
            assertThat(workspace.audit("p1", 0, 100)).extracting(AuditEntry::action)
                    .containsExactly("import", "override");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void concurrentSignOffsOfOneVersionSucceedOnceAndTheOthersAreTold(String engine) throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            int seen = workspace.put(cancerHistory("p1"), "form", "lee").person().rowVersion();
            ExecutorService clinicians = Executors.newFixedThreadPool(8);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Account who = new Account("clinician" + i, Account.Role.CLINICIAN);
                Callable<String> signOff = () -> {
                    try {
                        workspace.signOff("p1", seen, "reviewed", who);
                        return "signed";
                    } catch (Workspace.Stale e) {
                        return "stale";
                    }
                };
                results.add(clinicians.submit(signOff));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : results) outcomes.add(result.get());
            clinicians.shutdown();

            assertThat(outcomes).containsOnlyOnce("signed").contains("stale");
            assertThat(workspace.audit("p1", 0, 100)).extracting(AuditEntry::action).containsExactly("import", "sign-off");
            assertThat(workspace.verifyAudit()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void anOverrideReplansAtOnceAndShowsTheDifferenceBeforeItIsSigned(String engine) throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            PersonState person = workspace.put(cancerHistory("p1"), "form", "lee").person();
            Plan before = workspace.plan("p1", 1);
            Clinician section = new Clinician(List.of(new Assessment(RedFlag.HISTORY_OF_CANCER,
                    LocalDate.of(2026, 12, 1), AssessmentOutcome.MANAGED, "lee")), AllowedIntensity.LIGHT,
                    List.of(ActivityType.YOGA), "in remission since 2019");

            Workspace.Overridden overridden = workspace.override("p1", person.rowVersion(), section,
                    "oncology letter: in remission", LEE);
            Plan after = workspace.plan("p1", overridden.planAfter());
            PersonState signed = workspace.signOff("p1", overridden.person().rowVersion(), "new plan fits", LEE);

            assertThat(before.triage().level()).isEqualTo(TriageLevel.SEE_CLINICIAN);
            assertThat(after.triage().level()).isEqualTo(TriageLevel.SELF_CARE);
            assertThat(overridden.difference().changed()).isTrue();
            assertThat(overridden.difference()).isEqualTo(PlanDiff.of(before, after));
            assertThat(overridden.difference().changes()).anyMatch(change -> change.startsWith("triage see-clinician"));
            assertThat(workspace.profile("p1", 2).clinician()).isEqualTo(section);
            assertThat(overridden.person().state()).isEqualTo(PersonState.AWAITING);
            assertThat(signed.signedPlanVersion()).isEqualTo(2);
            List<AuditEntry> trail = workspace.audit("p1", 0, 100);
            assertThat(trail).extracting(AuditEntry::action).containsExactly("import", "override", "sign-off");
            assertThat(trail.get(1)).extracting(AuditEntry::actor, AuditEntry::planBefore, AuditEntry::planAfter,
                    AuditEntry::reason).containsExactly("lee", 1, 2, "oncology letter: in remission");
            assertThat(trail.get(1).detail()).contains("\"intensityCeiling\":\"light\"", "triage see-clinician -> self-care");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aReimportKeepsTheOverrideAndLeavesOutOnlyAssessmentsOfFlagsNoLongerReported(String engine)
            throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            Profile imported = cancerHistory("p1");
            PersonState person = workspace.put(imported, "import 1", "lee").person();
            Clinician section = new Clinician(List.of(new Assessment(RedFlag.HISTORY_OF_CANCER,
                    LocalDate.of(2026, 12, 1), AssessmentOutcome.MANAGED, "lee")), AllowedIntensity.LIGHT, List.of(),
                    null);
            workspace.override("p1", person.rowVersion(), section, "in remission", LEE);

            Workspace.Put same = workspace.put(imported, "import 2", "lee");
            Profile older = json(new ProfileWriter().toJsonLine(imported).replace("\"age\":58", "\"age\":59"));
            Workspace.Put changed = workspace.put(older, "import 3", "lee");
            Profile noFlag = json(new ProfileWriter().toJsonLine(older).replace("\"history-of-cancer\"", ""));
            Workspace.Put withoutFlag = workspace.put(noFlag, "import 4", "lee");

            // the same profile as imported before is no change, though the workspace's version has the section
            assertThat(same.outcome()).isEqualTo(Workspace.Outcome.UNCHANGED);
            assertThat(changed.outcome()).isEqualTo(Workspace.Outcome.UPDATED);
            assertThat(workspace.profile("p1", changed.person().profileVersion()).clinician()).isEqualTo(section);
            assertThat(workspace.plan("p1", changed.person().planVersion()).triage().level())
                    .isEqualTo(TriageLevel.SELF_CARE);
            // the assessment of a flag no longer reported goes; the ceiling stays
            assertThat(workspace.profile("p1", withoutFlag.person().profileVersion()).clinician())
                    .isEqualTo(new Clinician(List.of(), AllowedIntensity.LIGHT, List.of(), null));
            assertThat(withoutFlag.person().stateReason()).isEqualTo("the workspace's assessment of history-of-cancer"
                    + " was left out: the profile no longer reports it: review it");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aClinicianSectionFromOutsideIsNeverTakenOnlyAnOverrideSetsOne(String engine) throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            // a caller of POST /plan claims a colleague cleared the cancer history
            Profile claimed = json(new ProfileWriter().toJsonLine(cancerHistory("p1")).replaceFirst("}$",
                    ",\"clinician\":{\"assessed\":[{\"flag\":\"history-of-cancer\",\"on\":\"2026-12-01\","
                    + "\"outcome\":\"cleared\",\"by\":\"lee\"}]}}"));
            assertThat(claimed.clinician()).isNotNull();

            PersonState person = workspace.put(claimed, "POST /plan", "serve").person();

            assertThat(workspace.profile("p1", 1).clinician()).isNull();
            assertThat(workspace.plan("p1", 1).triage().level()).isEqualTo(TriageLevel.SEE_CLINICIAN);
            assertThat(person.stateReason()).contains("the clinician's section that came with it was not taken");
            assertThat(workspace.audit("p1", 0, 10).get(0).detail()).contains("was not taken");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void changingTheCeilingKeepsWhoAssessedAFlagAndWhen(String engine) throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            PersonState person = workspace.put(cancerHistory("p1"), "form", "lee").person();
            Assessment byLee = new Assessment(RedFlag.HISTORY_OF_CANCER, LocalDate.of(2026, 11, 20),
                    AssessmentOutcome.MANAGED, "lee");
            person = workspace.override("p1", person.rowVersion(), new Clinician(List.of(byLee), null, List.of(), null),
                    "letter", LEE).person();

            workspace.override("p1", person.rowVersion(), new Clinician(List.of(new Assessment(RedFlag.HISTORY_OF_CANCER,
                    LocalDate.of(2026, 12, 7), AssessmentOutcome.MANAGED, "patel")), AllowedIntensity.GENTLE, List.of(),
                    null), "flare: gentle only", PATEL);

            assertThat(workspace.profile("p1", 3).clinician().assessed()).containsExactly(byLee);
            assertThat(workspace.profile("p1", 3).clinician().intensityCeiling()).isEqualTo(AllowedIntensity.GENTLE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void oneNewProfileFromSeveralSourcesAtOnceIsStoredOnce(String engine) throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            Profile profile = cancerHistory("p1");
            ExecutorService sources = Executors.newFixedThreadPool(8);
            List<Future<Workspace.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                outcomes.add(sources.submit(() -> workspace.put(profile, "CDS Hooks", "serve").outcome()));
            }
            List<Workspace.Outcome> found = new ArrayList<>();
            for (Future<Workspace.Outcome> outcome : outcomes) found.add(outcome.get());
            sources.shutdown();

            assertThat(found).containsOnlyOnce(Workspace.Outcome.NEW).containsOnly(Workspace.Outcome.NEW,
                    Workspace.Outcome.UNCHANGED);
            assertThat(workspace.audit("p1", 0, 10)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void rulesThatFailOnOneProfileKeepItsPlanSendItForReviewAndCheckTheRest(String engine) throws Exception {
        Path rules = Fixtures.copyOfRulesWith(dir.resolve("rules"), "broken", "age == 77",
                "throw new AssertionError(\"a rule's own error\");");
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir.resolve("db"))) {
            Workspace before = workspace(fresh);
            PersonState failing = before.put(cancerHistory("p77", 77), "test", "lee").person();
            before.signOff("p77", failing.rowVersion(), "ok", LEE);
            before.put(cancerHistory("p60", 60), "test", "lee");

            Workspace.Recheck recheck = new Workspace(fresh.database(), Planner.fromDirectory(rules), Clock.systemUTC())
                    .recheckRules("rules-change");

            assertThat(recheck.failed()).containsExactly("p77");
            assertThat(recheck.unchanged()).isEqualTo(1);
            PersonState after = before.person("p77").orElseThrow();
            assertThat(after.state()).isEqualTo(PersonState.REVIEW_AGAIN);
            assertThat(after.stateReason()).contains("fail on this profile", "a rule's own error", "stays; review it");
            assertThat(after.planVersion()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void anOverrideThatDoesNotFitTheProfileIsRefusedByField(String engine) throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            PersonState person = workspace.put(cancerHistory("p1"), "form", "lee").person();
            // a flag the person does not report cannot be assessed
            Clinician section = new Clinician(List.of(new Assessment(RedFlag.OSTEOPOROSIS_OR_STEROIDS,
                    LocalDate.of(2026, 12, 1), AssessmentOutcome.CLEARED, null)), null, List.of(), null);

            WorkspaceException refused = catchThrowableOfType(WorkspaceException.class,
                    () -> workspace.override("p1", person.rowVersion(), section, "cleared", LEE));

            assertThat(refused).hasMessageContaining("does not fit p1's profile").hasMessageContaining("clinician.assessed");
            assertThat(workspace.person("p1").orElseThrow().planVersion()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aViewerCannotActAndEveryActionNeedsAReason(String engine) throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            int seen = workspace.put(cancerHistory("p1"), "form", "lee").person().rowVersion();

            assertThat(catchThrowableOfType(Workspace.NotAllowed.class,
                    () -> workspace.signOff("p1", seen, "fine", VIEWER))).hasMessageContaining("sam is a viewer");
            assertThat(catchThrowableOfType(WorkspaceException.class,
                    () -> workspace.signOff("p1", seen, "  ", LEE))).hasMessage("a reason is needed");
            assertThat(workspace.person("p1").orElseThrow().state()).isEqualTo(PersonState.AWAITING);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void theDatabaseRefusesToChangeOrRemoveHistoryAndTheTrailShowsAChangeMadeAroundIt(String engine)
            throws Exception {
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir)) {
            Workspace workspace = workspace(fresh);
            PersonState person = workspace.put(cancerHistory("p1"), "form", "lee").person();
            workspace.signOff("p1", person.rowVersion(), "reviewed", LEE);

            try (Connection connection = fresh.database().connection(); Statement statement = connection.createStatement()) {
                List<String> changes = new ArrayList<>(List.of("UPDATE audit_log SET actor = 'someone' WHERE seq = 1",
                        "DELETE FROM audit_log WHERE seq = 2", "UPDATE plans SET rules_version = 'x'",
                        "DELETE FROM reviews", "UPDATE profile_versions SET source = 'x'"));
                // H2 fires no trigger on TRUNCATE; the trail's head shows one (below)
                if (engine.equals("postgresql")) changes.add("TRUNCATE TABLE audit_log");
                for (String sql : changes) {
                    assertThatThrownBy(() -> statement.executeUpdate(sql)).as(sql).isInstanceOf(SQLException.class)
                            .hasMessageContaining("append-only");
                    connection.rollback();
                }
            }
            assertThat(workspace.verifyAudit()).isEmpty();

            // someone with the right to drop the guard changes an entry: the trail shows it
            try (Connection connection = fresh.database().connection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP TRIGGER audit_log_append_only" + (engine.equals("h2") ? "" : " ON audit_log"));
                statement.executeUpdate("UPDATE audit_log SET reason = 'not reviewed' WHERE action = 'sign-off'");
                connection.commit();
            }
            assertThat(workspace.verifyAudit()).containsExactly("entry 2 was changed after it was written");

            try (Connection connection = fresh.database().connection(); Statement statement = connection.createStatement()) {
                if (engine.equals("postgresql")) statement.execute("DROP TRIGGER audit_log_no_truncate ON audit_log");
                statement.executeUpdate("TRUNCATE TABLE audit_log");
                connection.commit();
            }
            assertThat(workspace.verifyAudit()).containsExactly("the trail ends at entry 0 but its head says 2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void theWorklistPutsTheMostUrgentFirstAndPagesThroughEveryoneInOrder(String engine) throws Exception {
        Path input = dir.resolve("profiles.jsonl");
        ProfileGenerator generator = new ProfileGenerator(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) lines.add(new ProfileWriter().toJsonLine(generator.profile(i)));
        Files.write(input, lines);
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir.resolve("db"))) {
            Workspace workspace = workspace(fresh);
            ProfileImport.run(workspace, List.of(input), "lee", 2, () -> { });

            List<PersonState> paged = new ArrayList<>();
            Worklist.Query query = new Worklist.Query(Worklist.Show.ALL, null, null, null, null, null, null, 37);
            for (Worklist.Page page = Worklist.page(workspace, query); ; page = Worklist.page(workspace, query)) {
                paged.addAll(page.people());
                query = query.next(page);
                if (query == null) break;
            }

            assertThat(paged).hasSize(400);
            assertThat(paged).isSortedAccordingTo(java.util.Comparator.comparingInt(PersonState::priority)
                    .thenComparing(PersonState::profileId));
            assertThat(paged.stream().map(PersonState::priority).distinct().count()).isGreaterThan(3);
            PersonState first = paged.get(0);
            Plan plan = workspace.plan(first.profileId(), first.planVersion());
            assertThat(first.within()).isEqualTo(org.backcare.profile.WireName.of(plan.triage().findings().get(0).within()));
            // filters: only urgent ones, those to be seen within a week, and a search by id
            Worklist.Page urgent = Worklist.page(workspace, new Worklist.Query(Worklist.Show.ALL, null, "urgent", null,
                    null, null, null, 200));
            assertThat(urgent.people()).isNotEmpty().allMatch(p -> p.triage().equals("urgent"));
            Worklist.Page week = Worklist.page(workspace, new Worklist.Query(Worklist.Show.ALL, null, null, null,
                    "1-week", null, null, 200));
            assertThat(week.people()).isNotEmpty().allMatch(p -> "1-week".equals(p.within()));
            String id = paged.get(123).profileId();
            assertThat(Worklist.page(workspace, new Worklist.Query(Worklist.Show.ALL, id, null, null, null, null, null, 10))
                    .people()).extracting(PersonState::profileId).contains(id).allMatch(found -> found.startsWith(id));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aRulesChangeSendsBackExactlyTheSignedPlansThatDiffSaysChange(String engine) throws Exception {
        Path rules = Fixtures.copyOfRules(dir.resolve("rules"));
        Fixtures.replace(rules.resolve("sleep.drl"), "function double enoughSleepHours() { return 7; }",
                "function double enoughSleepHours() { return 8; }");
        Planner changedRules = Planner.fromDirectory(rules);
        ProfileGenerator generator = new ProfileGenerator(8);
        List<Profile> profiles = new ArrayList<>();
        // as the workspace keeps them: a clinician's section from outside is not taken
        for (int i = 0; i < 120; i++) {
            Profile p = generator.profile(i);
            profiles.add(new Profile(p.id(), p.age(), p.smoking(), p.sleep(), p.sitting(), p.diet(), p.hydration(),
                    p.pain(), p.activity(), p.program(), null));
        }
        Set<String> diffSays = new TreeSet<>();
        for (Profile profile : profiles) {
            if (PlanDiff.of(Fixtures.planner().plan(profile), changedRules.plan(profile)).changed()) {
                diffSays.add(profile.id());
            }
        }
        assertThat(diffSays).as("the change must matter to some profiles and not all").isNotEmpty()
                .hasSizeLessThan(profiles.size());
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir.resolve("db"))) {
            Workspace before = workspace(fresh);
            for (Profile profile : profiles) {
                PersonState person = before.put(profile, "test", "lee").person();
                // every other one signed off; the rest await review
                if (profiles.indexOf(profile) % 2 == 0) before.signOff(profile.id(), person.rowVersion(), "ok", LEE);
            }
            Set<String> signed = new TreeSet<>();
            for (int i = 0; i < profiles.size(); i += 2) signed.add(profiles.get(i).id());

            Workspace after = new Workspace(fresh.reopen(), changedRules, Clock.systemUTC());
            Workspace.Recheck recheck = after.recheckRules("rules-change");

            assertThat(recheck.checked()).isEqualTo(profiles.size());
            assertThat(recheck.changed()).isEqualTo(diffSays.size());
            Set<String> signedAndChanged = new TreeSet<>(diffSays);
            signedAndChanged.retainAll(signed);
            assertThat(new TreeSet<>(recheck.sentBack())).isEqualTo(signedAndChanged);
            Set<String> backForReview = new TreeSet<>();
            for (Profile profile : profiles) {
                PersonState person = after.person(profile.id()).orElseThrow();
                if (person.state().equals(PersonState.REVIEW_AGAIN)) {
                    backForReview.add(profile.id());
                    assertThat(person.stateReason()).isEqualTo("changed by new rules: review again");
                }
                if (signed.contains(profile.id()) && !diffSays.contains(profile.id())) {
                    assertThat(person.state()).isEqualTo(PersonState.SIGNED_OFF);
                }
                // each is checked against the new rules, changed or not
                assertThat(person.rulesVersion()).isEqualTo(changedRules.rulesVersion());
            }
            Set<String> expected = new TreeSet<>(diffSays);
            expected.retainAll(signed);
            assertThat(backForReview).isEqualTo(expected);
            // a second look finds nothing left to re-check
            assertThat(after.recheckRules("rules-change").checked()).isZero();
            assertThat(after.verifyAudit()).isEmpty();
        }
    }
}
