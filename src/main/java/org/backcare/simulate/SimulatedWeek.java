package org.backcare.simulate;

import org.backcare.plan.Decision;
import org.backcare.plan.Intensity;
import org.backcare.plan.Plan;
import org.backcare.plan.TriageLevel;

/**
 * One week of a simulated programme: the plan, and the figures a trajectory shows.
 *
 * @param week the programme week
 * @param triage the plan's triage level
 * @param decision the progression decision, or {@code null} in the first week
 * @param minutes the main-activity minutes scheduled (0 with no week)
 * @param hardest the hardest intensity scheduled, or {@code null} with no week
 * @param why the reason for this week's minutes, in words
 * @param plan the whole plan
 */
public record SimulatedWeek(int week, TriageLevel triage, Decision decision, int minutes, Intensity hardest, String why,
        Plan plan) {
}
