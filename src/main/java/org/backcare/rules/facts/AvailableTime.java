package org.backcare.rules.facts;

/**
 * A fact that {@code weekly-plan.drl} inserts beside the dose it proposes from the days and session length available:
 * the most main-activity minutes they hold, so that a rule can tell a week held back by availability from one held
 * back for a clinical reason.
 */
public record AvailableTime(int minutes) {
}
