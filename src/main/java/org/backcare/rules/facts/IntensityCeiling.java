package org.backcare.rules.facts;

import org.backcare.plan.Intensity;

/**
 * A fact that a weekly-plan rule inserts: nothing this week may be harder than {@code level}, because of
 * {@code reason}. When several rules set a ceiling, the lowest one holds.
 */
public record IntensityCeiling(Intensity level, String reason) {
}
