package org.backcare.rules;

import java.util.List;

/**
 * What the rules concluded about one profile, each fact as the rules inserted it (unordered, possibly with the same
 * advice from several rules).
 *
 * @param advice every {@link Advice} fact
 * @param triage every {@link TriageFinding} fact
 * @param risk the {@link StartBackRisk} fact, or {@code null} when the screening was not answered
 * @param excluded every {@link Excluded} fact: activities left out of this week
 * @param ceilings every {@link IntensityCeiling} fact; the lowest holds
 * @param doses every {@link WeeklyDose} fact; the smallest holds
 * @param sessionLengths every {@link SessionLength} fact; the shortest holds
 */
public record Findings(List<Advice> advice, List<TriageFinding> triage, StartBackRisk risk, List<Excluded> excluded,
        List<IntensityCeiling> ceilings, List<WeeklyDose> doses, List<SessionLength> sessionLengths) {
    public Findings {
        advice = List.copyOf(advice);
        triage = List.copyOf(triage);
        excluded = List.copyOf(excluded);
        ceilings = List.copyOf(ceilings);
        doses = List.copyOf(doses);
        sessionLengths = List.copyOf(sessionLengths);
    }
}
