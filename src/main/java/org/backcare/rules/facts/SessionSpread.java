package org.backcare.rules.facts;

/**
 * A fact that a weekly-plan rule inserts: a small dose still goes on {@code sessions} days where the days allow, rather
 * than in one long session, and the scheduler does not split the dose into sessions shorter than
 * {@code shortestMinutes} to spread it (nor gives the body-weight strength routine fewer minutes). A rule set whose
 * rules dose the week must insert one; when several rules do, the largest of each number holds.
 */
public record SessionSpread(int sessions, int shortestMinutes) {
    public SessionSpread {
        if (sessions < 1 || shortestMinutes < Advise.MINUTE_STEP) {
            throw new IllegalArgumentException("a SessionSpread needs 1 or more sessions of " + Advise.MINUTE_STEP
                    + " minutes or more; got " + sessions + " sessions of " + shortestMinutes + " minutes");
        }
    }
}
