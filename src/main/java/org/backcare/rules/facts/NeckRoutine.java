package org.backcare.rules.facts;

/**
 * A fact that {@code pain-movement.drl} inserts for pain in the neck or upper back without low back pain: the daily
 * routine is the neck and upper back one ({@code neckRoutine} in {@code activities.yaml}), because of
 * {@code because}.
 */
public record NeckRoutine(String because) {
}
