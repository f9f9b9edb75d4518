package org.backcare.rules.facts;

/**
 * A fact that a weekly-plan rule inserts: no exercise this week may take the spine through {@code movement}, because
 * of {@code reason} (profile facts in words).
 */
public record MovementLeftOut(SpineMovement movement, String reason) {
}
