package org.backcare.profile;

import java.util.Objects;

/**
 * Smoking habits. {@code status} is required; the other fields are {@code null} when not given.
 *
 * <p>Immutable and thread-safe.
 */
public record Smoking(SmokingStatus status, Integer cigarettesPerDay, Boolean readyToQuit) {
    public Smoking {
        Objects.requireNonNull(status, "status");
    }
}
