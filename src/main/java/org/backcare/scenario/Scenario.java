package org.backcare.scenario;

import java.util.List;
import java.util.Map;
import org.backcare.plan.Intensity;
import org.backcare.plan.RiskGroup;
import org.backcare.plan.TriageLevel;
import org.backcare.profile.Profile;

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
 */
public record Scenario(String name, String source, Profile profile, List<String> present, List<String> absent,
        Map<String, Integer> atMostRank, TriageLevel triage, Expected<RiskGroup> riskGroup, WeekLimits week) {

    public Scenario {
        present = List.copyOf(present);
        absent = List.copyOf(absent);
        atMostRank = Map.copyOf(atMostRank);
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
     */
    public record WeekLimits(Boolean none, Intensity maxIntensity, Integer maxMainMinutes, Integer minMainMinutes,
            Integer minDifferentActivities) {
    }
}
