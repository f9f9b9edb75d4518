package org.backcare.rules.facts;

/**
 * A red-flag finding is open and awaits a clinician's assessment: no step up in dose, and no psychosocial
 * explanation of the pain until it is assessed. Inferred in {@code classify.drl}; other rules read it instead of
 * repeating the test.
 *
 * @param because the profile facts that made it hold, in words
 */
public record RedFlagPending(String because) {
}
