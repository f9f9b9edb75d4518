package org.backcare.rules.facts;

/**
 * A fact that a weekly-plan rule inserts: the smallest week worth planning for this person (PLAN.md, version 3: a
 * self-care week is never empty), in minutes of main activity, because of {@code reason}. Rules that propose a
 * smaller {@link WeeklyDose} (a flare, easing back) propose this instead; only the limits of the days and session
 * length available, or of what the activities can hold, may go below it.
 *
 * @param minutes the smallest week: three main sessions of 10 minutes (one on each available day when fewer), and
 *     for older adults and a fracture risk two balance sessions besides
 * @param mainSessions how many main sessions the floor holds, besides any balance sessions
 * @param sessionMinutes the minutes of each of them
 * @param balanceSessions how many balance sessions the floor holds (when the rules ask for balance days); the scheduler
 *     keeps them before any main session beyond the floor's
 */
public record DoseFloor(int minutes, int mainSessions, int sessionMinutes, int balanceSessions, String reason) {
}
