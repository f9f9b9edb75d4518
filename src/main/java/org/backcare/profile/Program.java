package org.backcare.profile;

/**
 * Where the person is in a programme of weekly plans: the programme {@code week} this plan is for (week 1 is the
 * first plan) and how the previous week's plan went, or {@code null} for a first week.
 * <p>Immutable and thread-safe.
 */
public record Program(int week, LastWeek lastWeek) {
}
