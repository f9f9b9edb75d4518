package org.backcare.rules.facts;

import org.backcare.profile.ActivityType;

/**
 * A fact that a weekly-plan rule inserts: {@code activity} must not be scheduled this week, because of
 * {@code reason} (profile facts in words).
 */
public record Excluded(ActivityType activity, String reason) {
}
