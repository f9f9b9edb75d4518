package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One ranked piece of advice with its explanation: the rule that produced it ({@code rule}; when several rules did,
 * the first of them, and {@code rules} lists each with its own reasons, empty and left out of the JSON otherwise),
 * the profile facts that made the rules fire
 * ({@code because}, for a clinician; {@code why}, the same in plain words for the person, with no field paths,
 * numbers with their units, at most two sentences) and the sources behind it ({@code evidence}, ids in the evidence
 * catalogue). A plan holds at
 * most {@value #MOST} recommendations: when more apply, the lowest-ranked are merged into one that lists them in
 * {@code merged}, each whole (empty, and left out of the JSON, for every other recommendation). Immutable.
 */
public record Recommendation(
        int rank,
        String id,
        Category category,
        String title,
        String advice,
        int priority,
        List<String> because,
        String why,
        String rule,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RuleReasons> rules,
        List<String> evidence,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Recommendation> merged) {

    /** The most recommendations a plan holds (PLAN.md, version 3). */
    public static final int MOST = 8;

    public Recommendation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        because = List.copyOf(because);
        Objects.requireNonNull(why, "why");
        rules = rules == null ? List.of() : List.copyOf(rules);
        evidence = List.copyOf(evidence);
        merged = merged == null ? List.of() : List.copyOf(merged);
    }

    /** The recommendations this one stands for: those it merged, or itself when it merged none. */
    public List<Recommendation> each() {
        return merged.isEmpty() ? List.of(this) : merged;
    }
}
