package org.backcare.rules.facts;

/**
 * A fact that a weekly-plan rule inserts: the minutes of main activity (everything but the daily mobility routine)
 * for this week, because of {@code reason}. When several rules propose a dose, the smallest one holds.
 */
public record WeeklyDose(int minutes, String reason) {
    public WeeklyDose {
        if (minutes < 0) throw new IllegalArgumentException("a weekly dose cannot be negative: " + minutes);
    }
}
