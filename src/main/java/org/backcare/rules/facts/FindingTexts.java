package org.backcare.rules.facts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backcare.profile.WarningSign;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/**
 * What red-flag findings say ({@code findings.yaml}), for the safety rules: a rule names its finding in its metadata,
 * {@code @finding("id")}, and makes the {@link Concern} it inserts with {@link #concern}; the lifecycle rules say what a
 * finding tells the person instead of its action with {@link #persisting}, {@link #besideFindingForNow} and
 * {@link #besideFindingFor24Hours}. The rules see it as the global {@value #GLOBAL}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param findings every finding by id, in file order
 * @param instead what a finding says instead of its action, by the keys of {@code findings.yaml}'s {@code instead}
 *     ({@link #INSTEAD}), each with {@code {suspected}} where its condition goes
 */
public record FindingTexts(Map<String, FindingText> findings, Map<String, String> instead) {
    /** The name of the global that {@code safety.drl} declares for these texts. */
    public static final String GLOBAL = "findingTexts";
    static final String PERSISTING = "persisting";
    static final String BESIDE_NOW = "beside-a-finding-for-now";
    static final String BESIDE_24_HOURS = "beside-a-finding-for-24-hours";
    /** The keys {@code instead} must hold. */
    public static final List<String> INSTEAD = List.of(PERSISTING, BESIDE_NOW, BESIDE_24_HOURS);

    public FindingTexts {
        findings = Collections.unmodifiableMap(new LinkedHashMap<>(findings));
        instead = Map.copyOf(instead);
    }

    /** The texts of a rule set without findings (one whose rules declare no {@link #GLOBAL}). */
    public static FindingTexts none() {
        return new FindingTexts(Map.of(), Map.of());
    }

    /**
     * The concern the firing rule concludes: the finding its {@code @finding} names, with the signs behind it and
     * the profile facts in words.
     */
    public Concern concern(Object drools, List<WarningSign> flags, List<String> because) {
        // The DRL compiler passes a KnowledgeHelper, the executable model a DroolsImpl: both are rule contexts.
        Rule rule = ((RuleContext) drools).getRule();
        String id = RuleMetadata.of(rule).findingId();
        FindingText text = id == null ? null : findings.get(id);
        if (text == null) {
            throw new IllegalStateException("rule \"" + rule.getName() + "\" makes a concern but its @finding"
                    + (id == null ? " is missing" : " \"" + id + "\" is not in findings.yaml"));
        }
        return new Concern(flags, text.suspected(), text.action(), text.within(), because);
    }

    /** What a concern reported last week too, and not checked since, tells the person. */
    public String persisting(Concern concern) {
        return said(PERSISTING, concern);
    }

    /** What a concern tells the person when another finding sends them to an emergency department now. */
    public String besideFindingForNow(Concern concern) {
        return said(BESIDE_NOW, concern);
    }

    /** What a concern tells the person when another finding has them speak to a doctor today. */
    public String besideFindingFor24Hours(Concern concern) {
        return said(BESIDE_24_HOURS, concern);
    }

    private String said(String key, Concern concern) {
        return instead.get(key).replace("{suspected}", concern.suspected());
    }
}
