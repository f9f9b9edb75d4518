package org.backcare.profile;

/** Typical amounts eaten. Every field is {@code null} when not given. */
public record Diet(
        Integer addedSugarServingsPerDay,
        Integer processedMealsPerWeek,
        Integer fruitVegServingsPerDay,
        Integer wholeGrainServingsPerDay,
        Integer fattyFishServingsPerWeek) {
}
