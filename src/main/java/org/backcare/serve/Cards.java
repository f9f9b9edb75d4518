package org.backcare.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.Triage;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.Within;
import org.backcare.profile.Problem;
import org.backcare.profile.WireName;
import org.backcare.rules.Evidence;

/**
 * A plan as CDS Hooks 2.0 cards: first the triage (indicator {@code critical} when urgent, {@code warning} when a
 * clinician should see the person, {@code info} otherwise), then one card per recommendation of the plan's focus. Each
 * card's summary is under 140 characters, its source names the rule set and links its first source, and every card
 * links to the full plan. Every card has a uuid of its own, new on every call, so that feedback names one card of one
 * call; which plan and which part of it a card shows is in its {@value #EXTENSION} extension. Stateless and thread-safe.
 */
final class Cards {
    /** The CDS Hooks limit on a card's summary. */
    static final int MAX_SUMMARY = 140;
    private static final String SOURCE_LABEL = "Backcare rules";
    /** The code system of a card's topic: the ids of the rules' evidence catalogue. */
    static final String EVIDENCE_SYSTEM = "urn:backcare:evidence";
    /** The key of Backcare's extension on cards and requests. */
    static final String EXTENSION = "org.backcare";
    /** The code system of the reasons a clinician may give for overriding a card. */
    static final String OVERRIDE_SYSTEM = "urn:backcare:override-reason";
    /** The reasons offered for overriding a card (CDS Hooks {@code overrideReasons}), code and display. */
    static final Map<String, String> OVERRIDE_REASONS = orderedReasons();

    private static Map<String, String> orderedReasons() {
        Map<String, String> reasons = new java.util.LinkedHashMap<>();
        reasons.put("assessed-by-clinician", "Already assessed by a clinician");
        reasons.put("not-relevant-now", "Not relevant to this patient now");
        reasons.put("patient-declined", "The patient declined");
        return java.util.Collections.unmodifiableMap(reasons);
    }

    private final Map<String, Evidence> evidence;

    Cards(Map<String, Evidence> evidence) {
        this.evidence = evidence;
    }

    /** The cards for {@code plan}, kept as {@code planId}, whose pages are at {@code planUrl} (HTML) and {@code planUrl}.json. */
    ArrayNode of(Plan plan, String planId, String planUrl) {
        return of(plan, planId, planUrl, null);
    }

    /** As {@link #of(Plan, String, String)}, the triage card saying how a clinician reviewed the plan, when one did. */
    ArrayNode of(Plan plan, String planId, String planUrl, String review) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode cards = f.arrayNode();
        TriageLevel level = plan.triage().level();
        ObjectNode triage = card(plan, planId, "triage", planUrl);
        switch (level) {
            case URGENT -> triage.put("indicator", "critical");
            case SEE_CLINICIAN -> triage.put("indicator", "warning");
            case SELF_CARE -> triage.put("indicator", plan.triage().redFlagsScreened() ? "info" : "warning");
        }
        triage.put("summary", summary(triageSummary(plan)));
        StringBuilder detail = new StringBuilder();
        for (Finding finding : plan.triage().findings()) {
            detail.append("- **").append(markdown(capitalised(finding.suspected()))).append("** (")
                    .append(markdown(finding.flagNames())).append("), within ").append(WireName.of(finding.within()))
                    .append(finding.persisting() ? ", persisting" : "").append(": ")
                    .append(markdown(finding.action())).append('\n');
        }
        if (!plan.triage().redFlagsScreened()) {
            detail.append("- ").append(markdown(Triage.NOT_SCREENED_NOTICE)).append('\n');
        }
        if (plan.riskGroup() != null) {
            detail.append("- STarT Back risk group: ").append(WireName.of(plan.riskGroup())).append('\n');
        }
        if (review != null) detail.append("- Review: ").append(markdown(review)).append('\n');
        detail.append('\n').append(markdown(plan.disclaimer()));
        triage.put("detail", detail.toString());
        triage.set("source", source("nice-ng59"));
        cards.add(triage);
        for (String id : plan.focus()) {
            Recommendation recommendation = plan.recommendations().stream().filter(r -> r.id().equals(id))
                    .findFirst().orElseThrow();
            ObjectNode card = card(plan, planId, "focus-" + id, planUrl);
            card.put("summary", summary(recommendation.title()));
            card.put("indicator", level == TriageLevel.URGENT ? "critical" : "info");
            card.put("detail", markdown(recommendation.advice()) + "\n\nWhy: "
                    + markdown(String.join("; ", recommendation.because())) + "\n\nRule: "
                    + markdown(recommendation.rule()));
            card.set("source", source(recommendation.evidence().isEmpty() ? "nice-ng59" : recommendation.evidence().get(0)));
            cards.add(card);
        }
        return cards;
    }

    /** A card listing what the record held that the plan does not use (at most 12 lines, then how many more). */
    ObjectNode notUsed(List<String> notMapped, String planId) {
        ObjectNode card = bare(planId, "not-used");
        card.put("summary", summary("Backcare did not use " + notMapped.size() + " item"
                + (notMapped.size() == 1 ? "" : "s") + " of the record; check them"));
        card.put("indicator", "info");
        StringBuilder detail = new StringBuilder();
        notMapped.stream().limit(12).forEach(line -> detail.append("- ").append(markdown(line)).append('\n'));
        if (notMapped.size() > 12) detail.append("- and ").append(notMapped.size() - 12).append(" more\n");
        card.put("detail", detail.toString());
        card.putObject("source").put("label", SOURCE_LABEL);
        return card;
    }

    /** The one card of a call whose record lacks what a plan needs: what is missing, at most 12 lines. */
    ObjectNode cannotPlan(List<Problem> problems, String planId) {
        ObjectNode card = bare(planId, "cannot-plan");
        card.put("summary", "Backcare cannot plan: the record lacks what a plan needs");
        card.put("indicator", "info");
        card.put("detail", String.join("\n", problems.stream().limit(12)
                .map(p -> "- " + markdown((p.field().isEmpty() ? "" : p.field() + ": ") + p.message())).toList()));
        card.putObject("source").put("label", SOURCE_LABEL);
        return card;
    }

    /** A card with a fresh uuid and the extension naming the call's plan and the part of it the card shows. */
    private static ObjectNode bare(String planId, String what) {
        ObjectNode card = JsonNodeFactory.instance.objectNode();
        card.put("uuid", UUID.randomUUID().toString());
        card.putObject("extension").putObject(EXTENSION).put("planId", planId).put("card", what);
        return card;
    }

    private static String triageSummary(Plan plan) {
        return switch (plan.triage().level()) {
            case URGENT -> "Urgent: " + plan.triage().findings().get(0).suspected() + " suspected; seek care "
                    + (plan.triage().findings().get(0).within() == Within.NOW ? "now" : "within 24 hours");
            case SEE_CLINICIAN -> (plan.triage().findings().get(0).within() == Within.ROUTINE
                    ? "Routine referral: " : "See a doctor within a week: ") + plan.triage().findings().get(0).suspected();
            case SELF_CARE -> (plan.triage().redFlagsScreened() ? "Back-care plan: self-care"
                    : "Red flags not screened: ask about them; self-care plan meanwhile") + (plan.riskGroup() == null
                    ? "" : ", STarT Back " + WireName.of(plan.riskGroup()) + " risk");
        };
    }

    private static ObjectNode card(Plan plan, String planId, String what, String planUrl) {
        ObjectNode card = bare(planId, what);
        ((ObjectNode) card.get("extension").get(EXTENSION)).put("profileId", plan.profileId())
                .put("rulesVersion", plan.rulesVersion());
        ArrayNode reasons = card.putArray("overrideReasons");
        OVERRIDE_REASONS.forEach((code, display) -> reasons.addObject().put("system", OVERRIDE_SYSTEM).put("code", code)
                .put("display", display));
        ArrayNode links = card.putArray("links");
        links.addObject().put("label", "The full plan").put("url", planUrl).put("type", "absolute");
        links.addObject().put("label", "The full plan as JSON").put("url", planUrl + ".json").put("type", "absolute");
        return card;
    }

    private ObjectNode source(String evidenceId) {
        ObjectNode source = JsonNodeFactory.instance.objectNode().put("label", SOURCE_LABEL);
        Evidence cited = evidence.get(evidenceId);
        if (cited != null && cited.url() != null) source.put("url", cited.url());
        if (cited != null) {
            source.putObject("topic").put("system", EVIDENCE_SYSTEM).put("code", cited.id())
                    .put("display", summary(cited.citation()));
        }
        return source;
    }

    /** A summary within {@value #MAX_SUMMARY} characters, cut at a word with an ellipsis when longer. */
    static String summary(String text) {
        if (text.length() < MAX_SUMMARY) return text;
        int cut = text.lastIndexOf(' ', MAX_SUMMARY - 2);
        return text.substring(0, cut > 0 ? cut : MAX_SUMMARY - 2) + "\u2026";
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /**
     * Text from the rules or the record, safe in markdown and in HTML alike: the characters GitHub-flavoured Markdown
     * reads as markup escaped with a backslash, and {@code &}, {@code <} and {@code >} written as entities (which a
     * markdown renderer and an HTML page both show as the characters, so that a client that inserts the text as HTML
     * is as safe as one that renders it as markdown). Line breaks and other control characters become spaces, so a
     * value stays inside its line: it cannot start a heading, a list, a link definition or a card line of its own.
     */
    static String markdown(String text) {
        return text.replaceAll("[\\p{Cc}\\u2028\\u2029]", " ")
                .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replaceAll("([\\\\`*_\\[\\]#|])", "\\\\$1");
    }
}
