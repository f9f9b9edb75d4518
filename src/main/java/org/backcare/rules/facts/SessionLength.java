package org.backcare.rules.facts;

/**
 * A fact that a weekly-plan rule inserts: no single activity session this week is longer than {@code minutes},
 * because of {@code reason}. When several rules set a length, the shortest holds.
 */
public record SessionLength(int minutes, String reason) {
    public SessionLength {
        if (minutes < 1) throw new IllegalArgumentException("a session lasts at least a minute: " + minutes);
    }
}
