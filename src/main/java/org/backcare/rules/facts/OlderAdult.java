package org.backcare.rules.facts;

/**
 * An adult of 65 or over: balance and strength training matter more (WHO 2020). Inferred in {@code classify.drl}; other rules read it instead of repeating the test.
 *
 * @param because the profile facts that made it hold, in words
 */
public record OlderAdult(String because) {
}
