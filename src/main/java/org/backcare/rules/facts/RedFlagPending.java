package org.backcare.rules.facts;

/**
 * A red-flag finding is open and awaits a clinician's assessment: no step up in dose, and no psychosocial
 * explanation of the pain until it is assessed. Inferred in {@code classify.drl}; other rules read it instead of
 * repeating the test.
 *
 * <p>A {@code routine} finding (the inflammatory pattern: a referral, not an urgent check) holds back neither the dose
 * nor the intensity: exercise is part of its treatment (NICE NG65).
 *
 * @param because the profile facts that made it hold, in words
 * @param routine whether the finding is for a routine referral
 */
public record RedFlagPending(String because, boolean routine) {
}
