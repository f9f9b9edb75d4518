package org.backcare.scenario;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Category;
import org.backcare.plan.Decision;
import org.backcare.plan.Intensity;
import org.backcare.plan.RiskGroup;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.Within;
import org.backcare.profile.Profile;
import org.backcare.rules.facts.SpineMovement;

/**
 * A clinician's test of the rules: a profile, and what its plan must (and must not) say. Every expectation is
 * optional; {@code null} means "not checked".
 *
 * @param name what the scenario shows, in words
 * @param source the scenario file (and its place in it), for messages
 * @param profile the profile to plan
 * @param present recommendation ids the plan must have
 * @param absent recommendation ids the plan must not have
 * @param atMostRank recommendation ids and the worst rank each may have
 * @param triage the triage level the plan must have
 * @param riskGroup the STarT Back group the plan must have; {@code NONE} stands for "no group"
 * @param week what the weekly plan must keep
 * @param findings the red-flag findings the plan must have, most urgent first; {@code null}: not checked
 * @param focus recommendation ids the plan's focus must name
 * @param reasons for recommendation ids, reasons their {@code because} must hold
 * @param exactReasons for recommendation ids, the only reasons their {@code because} may hold, in order
 * @param maxRecommendations the most recommendations the plan may have
 * @param onlyCategories the only categories the plan's recommendations may have (empty: not checked)
 * @param progression what the plan's {@code progression} must say; {@code null}: not checked
 * @param redFlagsScreened what the plan's {@code triage.redFlagsScreened} must be; {@code null}: not checked
 */
public record Scenario(String name, String source, Profile profile, List<String> present, List<String> absent,
        Map<String, Integer> atMostRank, TriageLevel triage, Expected<RiskGroup> riskGroup, WeekLimits week,
        List<ExpectedFinding> findings, List<String> focus, Map<String, List<String>> reasons,
        Map<String, List<String>> exactReasons,
        Integer maxRecommendations, Set<Category> onlyCategories, ExpectedProgression progression,
        Boolean redFlagsScreened) {

    public Scenario {
        present = List.copyOf(present);
        absent = List.copyOf(absent);
        atMostRank = Map.copyOf(atMostRank);
        findings = findings == null ? null : List.copyOf(findings);
        focus = List.copyOf(focus);
        reasons = Map.copyOf(reasons);
        exactReasons = Map.copyOf(exactReasons);
        onlyCategories = Set.copyOf(onlyCategories);
    }

    /**
     * What the plan's progression must say; {@code null} fields are not checked.
     *
     * @param none whether the plan must have no progression ({@code true}) or must have one ({@code false})
     */
    public record ExpectedProgression(Boolean none, Decision decision, Integer fromMinutes, Integer toMinutes) {
    }

    /**
     * A red-flag finding the plan must have; {@code null} fields are not checked.
     *
     * @param actionSays words the finding's action must contain
     */
    public record ExpectedFinding(Within within, String suspected, List<String> flags, Boolean persisting,
            String actionSays) {
    }

    /** An expected value that may be "none": {@code value} is {@code null} when the plan must have none. */
    public record Expected<T>(T value) {
    }

    /**
     * Limits on the weekly plan.
     *
     * @param none whether there must be no weekly plan ({@code true}), or must be one ({@code false})
     * @param maxIntensity nothing in the week may be harder
     * @param maxMainMinutes the main activities (all but the daily mobility routine) may add up to at most this
     * @param minMainMinutes ... and to at least this
     * @param minDifferentActivities at least this many different main activities
     * @param minDaysOfKind for kinds (strength, balance), at least this many days holding an activity of the kind
     * @param scheduled activities the week must hold
     * @param notScheduled activities the week must not hold
     * @param noExerciseMoving no exercise in the week may take the spine through these movements
     * @param longestSession no main session (all but the daily mobility routine) may be longer than this
     * @param minRestDays at least this many days with no main session
     * @param minSessions at least this many main sessions of the rules' shortest session or more (built in: 10
     *     minutes, weekly-plan.drl's floorSessionMinutes())
     */
    public record WeekLimits(Boolean none, Intensity maxIntensity, Integer maxMainMinutes, Integer minMainMinutes,
            Integer minDifferentActivities, Map<ActivityKind, Integer> minDaysOfKind, List<String> scheduled,
            List<String> notScheduled,
            Set<SpineMovement> noExerciseMoving, Integer longestSession, Integer minRestDays, Integer minSessions) {
        public WeekLimits {
            minDaysOfKind = Map.copyOf(minDaysOfKind);
            scheduled = List.copyOf(scheduled);
            notScheduled = List.copyOf(notScheduled);
            noExerciseMoving = Set.copyOf(noExerciseMoving);
        }
    }
}
