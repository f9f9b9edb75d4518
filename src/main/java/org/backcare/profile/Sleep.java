package org.backcare.profile;

import java.util.Objects;

/**
 * Sleep habits. {@code position} is required; the other fields are {@code null} when not given.
 *
 * <p>Immutable and thread-safe.
 */
public record Sleep(SleepPosition position, Double hoursPerNight, Boolean wakesWithStiffness) {
    public Sleep {
        Objects.requireNonNull(position, "position");
    }
}
