package org.backcare.rules.facts;

import org.backcare.plan.Decision;

/**
 * What this week does in a programme, once every limit has had its say: {@code decision} compares this week's dose
 * ({@code minutes}, the smallest proposed) with last week's planned minutes. Inferred once, in
 * {@code progression.drl}; the plan's {@code progression} and its explanation both read it.
 *
 * @param decision progress (more than last week), hold (the same) or regress (less)
 * @param minutes this week's dose
 * @param limit the reason of the dose that holds, in words
 */
public record ProgressionOutcome(Decision decision, int minutes, String limit) {
}
