package org.backcare.rules.facts;

/**
 * Back pain that the low back pain guideline (NICE NG59) covers: in the low back or down a leg, or with no area given. Neck or upper-back pain alone does not get low-back-pain advice. Inferred in {@code classify.drl}; other rules read it instead of repeating the test.
 *
 * @param because the profile facts that made it hold, in words
 */
public record LowBackPain(String because) {
}
