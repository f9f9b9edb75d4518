package org.backcare.rules.facts;

/**
 * A fact that {@code weekly-plan.drl} infers once from the {@link WeeklyDose} proposals and the {@link DoseFloor}: the
 * week's dose of main activity, the smallest proposal raised to the floor, and the reason of whichever holds. The
 * progression rules, the explanation and the scheduler all read this one.
 */
public record HeldDose(int minutes, String reason) {
}
