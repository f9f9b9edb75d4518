package org.backcare.profile;

import java.util.List;

/**
 * The current pain episode. {@code currentIntensity} is required; lists are empty and other fields {@code null} when
 * not given. {@code usualIntensity} is the person's usual pain outside a flare. {@code startBack} is {@code null} when
 * the screening questions were not answered.
 * <p>Immutable (its lists are unmodifiable copies) and thread-safe.
 */
public record Pain(
        int currentIntensity,
        Integer usualIntensity,
        Integer worstIntensityLastMonth,
        List<PainArea> areas,
        Integer durationWeeks,
        Integer flaresLastYear,
        FearOfMovement fearOfMovement,
        List<RedFlag> redFlags,
        StartBack startBack) {

    public Pain {
        areas = areas == null ? List.of() : List.copyOf(areas);
        redFlags = redFlags == null ? List.of() : List.copyOf(redFlags);
    }
}
