package org.backcare.profile;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;

/**
 * Current activity, likes and availability. Lists are empty when not given, except {@code availableDays}, which
 * defaults to every day. {@code activeMinutesPerWeek} and {@code minutesPerSession} are {@code null} when not given.
 * <p>Immutable (its lists are unmodifiable copies) and thread-safe.
 */
public record Activity(
        Integer activeMinutesPerWeek,
        List<ActivityType> likes,
        List<ActivityType> dislikes,
        List<DayOfWeek> availableDays,
        Integer minutesPerSession) {

    public Activity {
        likes = likes == null ? List.of() : List.copyOf(likes);
        dislikes = dislikes == null ? List.of() : List.copyOf(dislikes);
        availableDays = availableDays == null ? List.copyOf(EnumSet.allOf(DayOfWeek.class)) : List.copyOf(availableDays);
    }
}
