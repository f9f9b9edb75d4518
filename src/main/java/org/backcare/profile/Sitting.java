package org.backcare.profile;

/**
 * Sitting habits on a typical day. Every field is {@code null} when not given.
 *
 * <p>Immutable and thread-safe.
 */
public record Sitting(Double hoursPerDay, Integer longestStretchMinutes, LegCrossing crossesLegs, Boolean usesFootrest) {
}
