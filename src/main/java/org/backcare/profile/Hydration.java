package org.backcare.profile;

/**
 * Drinking habits: cups of about 250 ml a day. Every field is {@code null} when not given.
 *
 * <p>Immutable and thread-safe.
 */
public record Hydration(Double waterCupsPerDay, Boolean mostlyInEvening) {
}
