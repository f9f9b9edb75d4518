package org.backcare.plan;

import java.util.List;

/**
 * A week's dose as WHO 2020 counts it (PLAN.md, version 3), worked out from the days so that it always says what the
 * week holds. Immutable.
 *
 * @param aerobicMinutes moderate-equivalent aerobic minutes: aerobic and leisure sessions at moderate count once, at
 *     vigorous twice; gentle and light sessions, stretching, pilates, tai chi, balance and mobility not at all
 * @param strengthDays days with a strength session at light or more
 * @param balanceDays days with a balance session (balance exercises or tai chi)
 * @param restDays days with no main activity (the daily mobility routine does not count)
 */
public record Dose(int aerobicMinutes, int strengthDays, int balanceDays, int restDays) {

    /** The dose of a week's days. */
    public static Dose of(List<DayPlan> days) {
        int aerobic = 0;
        int strength = 0;
        int balance = 0;
        int rest = 0;
        for (DayPlan day : days) {
            boolean main = false;
            boolean strong = false;
            boolean balanced = false;
            for (ScheduledActivity activity : day.activities()) {
                main |= activity.kind() != ActivityKind.MOBILITY;
                strong |= activity.kind() == ActivityKind.STRENGTH && activity.intensity() != Intensity.GENTLE;
                balanced |= activity.kind() == ActivityKind.BALANCE;
                aerobic += aerobicMinutes(activity);
            }
            strength += strong ? 1 : 0;
            balance += balanced ? 1 : 0;
            rest += main ? 0 : 1;
        }
        return new Dose(aerobic, strength, balance, rest);
    }

    /** WHO 2020: a minute of vigorous activity counts as this many of moderate. */
    private static final int VIGOROUS_COUNTS_AS = 2;

    /** WHO 2020: a minute of vigorous activity counts as two of moderate; lighter activity does not count. */
    private static int aerobicMinutes(ScheduledActivity activity) {
        if (activity.kind() != ActivityKind.AEROBIC && activity.kind() != ActivityKind.LEISURE) return 0;
        return switch (activity.intensity()) {
            case MODERATE -> activity.minutes();
            case VIGOROUS -> VIGOROUS_COUNTS_AS * activity.minutes();
            case GENTLE, LIGHT -> 0;
        };
    }
}
