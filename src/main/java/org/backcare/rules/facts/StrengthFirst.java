package org.backcare.rules.facts;

/**
 * A fact that a weekly-plan rule inserts: the week's strength days come before its other sessions, because of
 * {@code reason} (a fracture risk: Brooke-Wavell et al. 2022 put progressive strength training first). The scheduler
 * then keeps {@code sessions} strength sessions of 10 minutes or more whenever the dose holds them, before balance and
 * aerobic sessions, where it would otherwise keep one other session first.
 */
public record StrengthFirst(int sessions, String reason) {
}
