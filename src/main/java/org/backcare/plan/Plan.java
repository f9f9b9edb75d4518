package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * The result of planning one profile, as {@code PLAN.md} describes: triage, the STarT Back risk group when it was
 * screened, ranked recommendations, the weekly activity plan ({@code null} when triage is urgent), the sections that
 * were not assessed and the disclaimer. Immutable; {@link PlanWriter} turns it into JSON.
 */
@JsonPropertyOrder({"profileId", "rulesVersion", "triage", "riskGroup", "recommendations", "weeklyPlan",
    "notAssessed", "disclaimer"})
public record Plan(
        String profileId,
        String rulesVersion,
        Triage triage,
        @JsonInclude(JsonInclude.Include.NON_NULL) RiskGroup riskGroup,
        List<Recommendation> recommendations,
        WeeklyPlan weeklyPlan,
        List<String> notAssessed,
        String disclaimer) {

    public Plan {
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(rulesVersion, "rulesVersion");
        Objects.requireNonNull(triage, "triage");
        Objects.requireNonNull(disclaimer, "disclaimer");
        recommendations = List.copyOf(recommendations);
        notAssessed = List.copyOf(notAssessed);
    }
}
