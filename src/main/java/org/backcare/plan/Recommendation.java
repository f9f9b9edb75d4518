package org.backcare.plan;

import java.util.List;
import java.util.Objects;

/**
 * One ranked piece of advice with its explanation: the rule that produced it, the profile facts that made the rule
 * fire ({@code because}) and the sources behind it ({@code evidence}, ids in the evidence catalogue). Immutable.
 */
public record Recommendation(
        int rank,
        String id,
        Category category,
        String title,
        String advice,
        int priority,
        List<String> because,
        String rule,
        List<String> evidence) {

    public Recommendation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        because = List.copyOf(because);
        evidence = List.copyOf(evidence);
    }
}
