package org.backcare.rules.facts;

/**
 * A fact that a weekly-plan rule inserts: a small dose still goes on {@code sessions} days where the days allow, rather
 * than in one long session, and no main session is shorter than {@code shortestMinutes} (the body-weight strength
 * routine's shortest session too). The scheduler spreads the dose by it; in a rule set without one, the dose is not
 * spread and a session may be as short as five minutes.
 */
public record SessionSpread(int sessions, int shortestMinutes) {
}
