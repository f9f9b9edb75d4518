package org.backcare.rules.facts;

/**
 * A possible fragility (vertebral) fracture: osteoporosis or long-term steroids (unless a clinician cleared it), or a
 * suspected fracture. Nothing that loads the spine, and no flexion or twisting, is scheduled. Inferred in
 * {@code classify.drl} and {@code safety.drl}; other rules read it instead of repeating the test.
 *
 * @param because the profile facts that made it hold, in words
 */
public record FractureRisk(String because) {
}
