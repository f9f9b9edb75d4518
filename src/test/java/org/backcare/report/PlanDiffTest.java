package org.backcare.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.backcare.Fixtures;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.RuleReasons;
import org.backcare.profile.ProfileReader;
import org.junit.jupiter.api.Test;

/** What a reviewer is shown when the rules behind a recommendation change, and what is not a change. */
class PlanDiffTest {
    private final Plan maria = Fixtures.planner().plan(read("profiles/maria-desk-worker.yaml"));
    /** A recommendation of Maria's plan that several rules made. */
    private final Recommendation merged = maria.recommendations().stream().filter(r -> r.rules().size() >= 2)
            .findFirst().orElseThrow(() -> new AssertionError("Maria's plan has no recommendation of several rules"));

    private static org.backcare.profile.Profile read(String file) {
        try {
            return new ProfileReader().read(Path.of(file));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Maria's plan with the merged recommendation's rules changed by {@code change}. */
    private Plan withRules(UnaryOperator<List<RuleReasons>> change) {
        List<Recommendation> recommendations = new ArrayList<>();
        for (Recommendation r : maria.recommendations()) {
            if (!r.id().equals(merged.id())) {
                recommendations.add(r);
                continue;
            }
            List<RuleReasons> rules = change.apply(new ArrayList<>(r.rules()));
            String first = rules.isEmpty() ? r.rule() : rules.get(0).rule();
            recommendations.add(new Recommendation(r.rank(), r.id(), r.category(), r.title(), r.advice(), r.priority(),
                    r.because(), r.why(), first, rules, r.evidence(), r.merged()));
        }
        return new Plan(maria.profileId(), maria.rulesVersion(), maria.triage(), maria.riskGroup(), maria.focus(),
                maria.progression(), recommendations, maria.weeklyPlan(), maria.notAssessed(), maria.disclaimer());
    }

    @Test
    void aRuleRenamedBehindARecommendationIsAChangeNamingBothNames() {
        String second = merged.rules().get(1).rule();
        Plan renamed = withRules(rules -> {
            rules.set(1, new RuleReasons("Renamed: " + second, rules.get(1).because()));
            return rules;
        });

        PlanDiff diff = PlanDiff.of(maria, renamed);

        assertThat(diff.changed()).isTrue();
        assertThat(diff.reasoned()).containsExactly(merged.id());
        assertThat(diff.changes()).containsExactly("rules behind " + merged.id() + ": - " + second + " + Renamed: "
                + second);
    }

    @Test
    void theSameRulesInAnotherOrderAreSaidToBeSo() {
        Plan reordered = withRules(rules -> {
            rules.add(rules.remove(0));
            return rules;
        });

        assertThat(PlanDiff.of(maria, reordered).changes())
                .containsExactly("rules behind " + merged.id() + ": the same, in another order");
    }

    @Test
    void aRuleComeBesideTheOnlyRuleOfARecommendationIsAChangeEvenWithTheSameReasons() {
        // one rule's recommendation lists no rules; a second rule that adds no reasons of its own still changes
        // what the recommendation rests on, and a reviewer is told which
        Plan oneRule = withRules(rules -> List.of());
        List<String> others = merged.rules().stream().skip(1).map(RuleReasons::rule).toList();

        PlanDiff diff = PlanDiff.of(oneRule, maria);

        assertThat(diff.changed()).isTrue();
        assertThat(diff.changes()).containsExactly("rules behind " + merged.id() + ": + " + String.join("; ", others));
        assertThat(PlanDiff.of(maria, oneRule).changes())
                .containsExactly("rules behind " + merged.id() + ": - " + String.join("; ", others));
    }
}
