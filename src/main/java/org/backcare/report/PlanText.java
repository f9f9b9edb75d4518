package org.backcare.report;

import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Category;
import org.backcare.plan.DayPlan;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.RuleReasons;
import org.backcare.plan.ScheduledActivity;
import org.backcare.plan.Triage;
import org.backcare.profile.WireName;
import org.backcare.rules.Evidence;
import org.backcare.rules.facts.PlainWords;
import org.backcare.rules.RuleSet;

/**
 * A plan as plain text for a terminal or a clinician's notes: triage with each finding's action and timeframe, the
 * focus, the ranked recommendations with their reasons, rule and full citations, the week as a table and the
 * exercises of each routine and session. Lines are wrapped at {@value #WIDTH} characters. Thread-safe.
 */
public final class PlanText {
    static final int WIDTH = 100;

    private final RuleSet rules;

    public PlanText(RuleSet rules) {
        this.rules = rules;
    }

    /**
     * The plan in the order a clinician reads it: triage, the focus in full, the week, then the other
     * recommendations by category.
     */
    public String render(Plan plan) {
        StringBuilder text = new StringBuilder();
        text.append("Plan for ").append(plan.profileId()).append('\n');
        text.append("Triage: ").append(PlanView.triageLabel(plan).toUpperCase(Locale.ROOT));
        if (plan.riskGroup() != null) text.append("    STarT Back risk: ").append(WireName.of(plan.riskGroup()));
        text.append('\n');
        if (!plan.triage().redFlagsScreened()) {
            wrap(text, "  ! ", "    ", Triage.NOT_SCREENED_NOTICE);
        }
        for (Finding finding : plan.triage().findings()) wrap(text, "  ! ", "    ", finding.reason());
        if (plan.triage().clinician() != null) wrap(text, "  ", "    ", plan.triage().clinician().summary());
        if (!plan.notAssessed().isEmpty()) {
            text.append("Not assessed: ").append(String.join(", ", plan.notAssessed())).append('\n');
        }
        List<Recommendation> focus = plan.recommendations().stream().filter(r -> plan.focus().contains(r.id()))
                .toList();
        if (!focus.isEmpty()) {
            text.append("\nFocus this week\n");
            for (Recommendation r : focus) recommendation(text, r);
        }
        text.append('\n');
        week(text, plan);
        Map<Category, List<Recommendation>> more = new EnumMap<>(Category.class);
        for (Recommendation r : plan.recommendations()) {
            if (!plan.focus().contains(r.id())) more.computeIfAbsent(r.category(), c -> new ArrayList<>()).add(r);
        }
        if (!more.isEmpty()) text.append("\nMore recommendations\n");
        for (Map.Entry<Category, List<Recommendation>> group : more.entrySet()) {
            text.append("\n").append(WireName.of(group.getKey())).append('\n');
            for (Recommendation r : group.getValue()) recommendation(text, r);
        }
        text.append('\n');
        wrap(text, "", "", plan.disclaimer());
        text.append("Rules version: ").append(plan.rulesVersion()).append('\n');
        return text.toString();
    }

    private void recommendation(StringBuilder text, Recommendation r) {
        text.append('\n');
        wrap(text, String.format("%2d. ", r.rank()), "    ", r.title() + "  [" + WireName.of(r.category())
                + ", priority " + r.priority() + "]");
        wrap(text, "    ", "    ", r.advice());
        wrap(text, "    Why: ", "         ", r.why());
        for (Recommendation merged : r.merged()) {
            wrap(text, "    - ", "      ", merged.title() + ": " + merged.advice() + " Why: " + merged.why());
        }
        wrap(text, "    Because: ", "             ", String.join("; ", r.because()));
        if (r.rules().size() <= 1) {
            wrap(text, "    Rule: ", "          ", r.rule());
        } else {
            // several rules recommended it: each, with the facts that made it fire
            for (RuleReasons behind : r.rules()) {
                wrap(text, "    Rule: ", "          ", behind.rule() + " (" + String.join("; ", behind.because()) + ")");
            }
        }
        for (String id : r.evidence()) {
            Evidence source = rules.evidence().get(id);
            wrap(text, "    Source: ", "            ", source == null ? id
                    : source.citation() + (source.url() == null ? "" : " " + source.url()));
        }
    }

    private static void week(StringBuilder text, Plan plan) {
        if (plan.progression() != null) {
            wrap(text, "Programme week " + plan.progression().week() + ": ", "    ",
                    WireName.of(plan.progression().decision()) + ", " + plan.progression().fromMinutes() + " -> "
                    + plan.progression().toMinutes() + " minutes. " + PlainWords.why(plan.progression().because()));
        }
        if (plan.weeklyPlan() == null) {
            text.append("This week: no activity plan until you have been seen by a clinician.\n");
            return;
        }
        text.append("This week (").append(plan.weeklyPlan().totalMinutes()).append(" minutes)\n");
        text.append(String.format("  %-10s %-32s %s%n", "Day", "Daily routine", "Main activity"));
        for (DayPlan day : plan.weeklyPlan().days()) {
            List<String> routine = new ArrayList<>();
            List<String> main = new ArrayList<>();
            for (ScheduledActivity a : day.activities()) {
                String entry = a.activity() + " " + a.minutes() + " min, " + WireName.of(a.intensity());
                (a.kind() == ActivityKind.MOBILITY ? routine : main).add(entry);
            }
            text.append(String.format("  %-10s %-32s %s%n", day.day().getDisplayName(TextStyle.FULL, Locale.ENGLISH),
                    String.join("; ", routine), main.isEmpty() ? "-" : main.get(0)));
            for (String more : main.subList(Math.min(1, main.size()), main.size())) {
                text.append(String.format("  %-10s %-32s %s%n", "", "", more));
            }
        }
        for (Map.Entry<String, List<String>> entry : plan.weeklyPlan().exercisesByActivity().entrySet()) {
            text.append("\n  ").append(entry.getKey()).append(":\n");
            for (String exercise : entry.getValue()) wrap(text, "    - ", "      ", exercise);
        }
    }

    /** Appends {@code words} wrapped at the width: the first line after {@code first}, the rest after {@code rest}. */
    private static void wrap(StringBuilder text, String first, String rest, String words) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : words.split("\\s+")) {
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                text.append(line).append('\n');
                line = new StringBuilder(rest);
                empty = true;
            }
            if (!empty) line.append(' ');
            line.append(word);
            empty = false;
        }
        text.append(line).append('\n');
    }
}
