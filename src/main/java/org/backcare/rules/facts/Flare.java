package org.backcare.rules.facts;

/**
 * The person is in a flare: pain at least 2 above their usual pain (or 7 or more when their usual pain is not known). Inferred in {@code classify.drl}; other rules read it instead of repeating the test.
 *
 * @param because the profile facts that made it hold, in words
 */
public record Flare(String because) {
}
