package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * The result of planning one profile, as {@code PLAN.md} describes: triage with its red-flag findings, the STarT Back
 * risk group when it was screened, the ids of the recommendations to focus on this week, how this week follows from
 * last week in a programme ({@code null} outside one), ranked recommendations, the weekly activity plan ({@code null} when triage is urgent), the sections that
 * were not assessed and the disclaimer. Immutable; {@link PlanWriter} turns it into JSON.
 */
@JsonPropertyOrder({"profileId", "rulesVersion", "triage", "riskGroup", "focus", "progression", "recommendations",
    "weeklyPlan", "notAssessed", "disclaimer"})
public record Plan(
        String profileId,
        String rulesVersion,
        Triage triage,
        @JsonInclude(JsonInclude.Include.NON_NULL) RiskGroup riskGroup,
        List<String> focus,
        @JsonInclude(JsonInclude.Include.NON_NULL) Progression progression,
        List<Recommendation> recommendations,
        WeeklyPlan weeklyPlan,
        List<String> notAssessed,
        String disclaimer) {

    public Plan {
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(rulesVersion, "rulesVersion");
        Objects.requireNonNull(triage, "triage");
        Objects.requireNonNull(disclaimer, "disclaimer");
        focus = List.copyOf(focus);
        recommendations = List.copyOf(recommendations);
        notAssessed = List.copyOf(notAssessed);
    }

    /** Every piece of advice the plan gives: its recommendations, those merged into one counted each on its own. */
    public List<Recommendation> eachRecommendation() {
        return recommendations.stream().flatMap(r -> r.each().stream()).toList();
    }
}
