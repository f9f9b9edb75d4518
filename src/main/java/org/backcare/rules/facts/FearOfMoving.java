package org.backcare.rules.facts;

/**
 * The person fears that moving will harm their back (fear of movement moderate or high, or feeling it is not safe to be active): met with pain-science education and graded exposure. Inferred in {@code classify.drl}; other rules read it instead of repeating the test.
 *
 * @param because the profile facts that made it hold, in words
 */
public record FearOfMoving(String because) {
}
