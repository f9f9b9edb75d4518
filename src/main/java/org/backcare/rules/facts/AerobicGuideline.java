package org.backcare.rules.facts;

/**
 * A fact that a weekly-plan rule inserts: the weekly minutes of moderate aerobic activity a guideline advises, from
 * {@code minutes} to {@code top} (WHO 2020: 150-300). The explanation of the week sets what it holds against them; in a
 * rule set without one, it states what the week holds alone.
 */
public record AerobicGuideline(int minutes, int top) {
}
