package org.backcare.rules.facts;

import java.util.List;
import org.backcare.plan.Finding;

/**
 * What the rules concluded about one profile, each fact as the rules inserted it (unordered, possibly with the same
 * advice from several rules).
 *
 * @param advice every {@link Advice} fact
 * @param triage every red-flag {@link Finding} fact
 * @param risk the {@link StartBackRisk} fact, or {@code null} when the screening was not answered
 * @param excluded every {@link Excluded} fact: activities left out of this week
 * @param ceilings every {@link IntensityCeiling} fact; the lowest holds
 * @param doses every {@link WeeklyDose} fact; the smallest holds
 * @param sessionLengths every {@link SessionLength} fact; the shortest holds
 * @param movementsLeftOut every {@link MovementLeftOut} fact: spine movements no exercise may take this week
 * @param sessionsOfKind every {@link SessionsOfKind} fact: days of strength or balance the week should hold
 * @param progressions every {@link ProgressionProposal} fact
 * @param outcomes every {@link ProgressionOutcome} fact (the same decision each, one per dose that holds)
 * @param assessed every {@link AssessedFlag} fact: the chronic red flags whose clinician's assessment took effect
 * @param restDays every {@link RestDays} fact; the largest holds
 * @param floors every {@link DoseFloor} fact; the largest holds
 * @param held the {@link HeldDose} fact: the week's dose, or {@code null} when no rule proposed one
 * @param strengthFirstSessions how many strength sessions a {@link StrengthFirst} fact puts before the other
 *     sessions, or 0 when none does
 * @param neckRoutine whether a {@link NeckRoutine} fact makes the daily routine the neck and upper back one
 * @param spread the {@link SessionSpread} facts merged (the largest of each number), or {@code null} when no rule
 *     inserted one
 * @param aerobicGuideline the {@link AerobicGuideline} facts merged (the widest range), or {@code null} when no rule
 *     inserted one
 */
public record Conclusions(List<Advice> advice, List<Finding> triage, StartBackRisk risk, List<Excluded> excluded,
        List<IntensityCeiling> ceilings, List<WeeklyDose> doses, List<SessionLength> sessionLengths,
        List<MovementLeftOut> movementsLeftOut, List<SessionsOfKind> sessionsOfKind,
        List<ProgressionProposal> progressions, List<ProgressionOutcome> outcomes, List<AssessedFlag> assessed,
        List<RestDays> restDays, List<DoseFloor> floors, HeldDose held,
        int strengthFirstSessions, boolean neckRoutine, SessionSpread spread, AerobicGuideline aerobicGuideline) {
    public Conclusions {
        advice = List.copyOf(advice);
        triage = List.copyOf(triage);
        excluded = List.copyOf(excluded);
        ceilings = List.copyOf(ceilings);
        doses = List.copyOf(doses);
        sessionLengths = List.copyOf(sessionLengths);
        movementsLeftOut = List.copyOf(movementsLeftOut);
        sessionsOfKind = List.copyOf(sessionsOfKind);
        progressions = List.copyOf(progressions);
        outcomes = List.copyOf(outcomes);
        assessed = List.copyOf(assessed);
        restDays = List.copyOf(restDays);
        floors = List.copyOf(floors);
    }

    /**
     * The week's dose of main activity in minutes: the {@link HeldDose}, or in a rule set that infers none the smallest
     * {@link WeeklyDose}, or 0 when no rule proposed one.
     */
    public int dose() {
        if (held != null) return held.minutes();
        return doses.stream().mapToInt(WeeklyDose::minutes).min().orElse(0);
    }

    /** Whether strength sessions come before the other sessions this week. */
    public boolean strengthFirst() {
        return strengthFirstSessions > 0;
    }
}
