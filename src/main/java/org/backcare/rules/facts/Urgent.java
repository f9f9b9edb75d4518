package org.backcare.rules.facts;

/**
 * A red-flag finding calls for urgent care: the plan holds only safety and education, and no week. Inferred in {@code classify.drl}; other rules read it instead of repeating the test.
 *
 * @param because the profile facts that made it hold, in words
 */
public record Urgent(String because) {
}
