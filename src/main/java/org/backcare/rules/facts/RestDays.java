package org.backcare.rules.facts;

/**
 * A fact that a weekly-plan rule inserts: the week should keep at least {@code days} days without a main session (the
 * daily mobility routine only), because of {@code reason}. The largest number holds; the scheduler leaves the last
 * available days free when the days available leave no day free already.
 */
public record RestDays(int days, String reason) {
    public RestDays {
        if (days < 0 || days > 7) throw new IllegalArgumentException("rest days 0-7, got " + days);
    }
}
