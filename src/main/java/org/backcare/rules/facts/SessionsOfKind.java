package org.backcare.rules.facts;

import org.backcare.plan.ActivityKind;

/**
 * A fact that a weekly-plan rule inserts: the week should hold {@code days} days of {@code kind} (strength, balance),
 * because of {@code reason}. The largest number for a kind holds; the scheduler fits it to the days available.
 */
public record SessionsOfKind(ActivityKind kind, int days, String reason) {
}
