package org.backcare.profile;

/**
 * Typical amounts eaten. Every field is {@code null} when not given.
 *
 * <p>Immutable and thread-safe.
 */
public record Diet(
        Integer addedSugarServingsPerDay,
        Integer processedMealsPerWeek,
        Integer fruitVegServingsPerDay,
        Integer wholeGrainServingsPerDay,
        Integer fattyFishServingsPerWeek) {
}
