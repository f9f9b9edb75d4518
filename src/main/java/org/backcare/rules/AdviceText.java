package org.backcare.rules;

import java.util.List;
import org.backcare.plan.Category;

/**
 * One kind of advice, as listed in {@code advice.yaml}: what a plan shows when a rule recommends it.
 *
 * <p>Immutable (its lists are unmodifiable copies) and thread-safe.
 */
public record AdviceText(String id, Category category, String title, String advice, List<String> evidence) {
    public AdviceText {
        evidence = List.copyOf(evidence);
    }
}
