package org.backcare.rules.facts;

import java.util.Map;
import org.kie.api.definition.rule.Rule;

/**
 * What a rule's metadata says it concludes: the advice it recommends, {@code @advice("id")} with {@code @priority(n)}
 * (or neither), and the red-flag finding it concludes, {@code @finding("id")} (an entry of {@code findings.yaml}), or
 * none ({@code null}).
 */
public record RuleMetadata(String adviceId, int priority, String findingId) {

    public static RuleMetadata of(Rule rule) {
        Map<String, Object> meta = rule.getMetaData();
        Object advice = meta.get("advice");
        Object priority = meta.get("priority");
        Object finding = meta.get("finding");
        return new RuleMetadata(advice == null ? null : unquote(advice), priority == null ? -1 : parse(priority),
                finding == null ? null : unquote(finding));
    }

    private static String unquote(Object value) {
        String text = value.toString().strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }

    private static int parse(Object value) {
        if (value instanceof Number number) return number.intValue();
        try {
            return Integer.parseInt(unquote(value));
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }
}
