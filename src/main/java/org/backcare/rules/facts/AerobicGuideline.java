package org.backcare.rules.facts;

/**
 * A fact that a weekly-plan rule inserts: the weekly minutes of moderate aerobic activity a guideline advises, from
 * {@code minutes} to {@code top} (WHO 2020: 150-300). The explanation of the week sets what it holds against them; in a
 * rule set without one, it states what the week holds alone. When several rules insert one, the widest range holds.
 */
public record AerobicGuideline(int minutes, int top) {
    public AerobicGuideline {
        if (minutes < 1 || top < minutes) {
            throw new IllegalArgumentException("an AerobicGuideline needs 1 or more minutes and a top of at least as"
                    + " many; got " + minutes + "-" + top);
        }
    }
}
