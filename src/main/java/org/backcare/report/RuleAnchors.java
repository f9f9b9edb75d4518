package org.backcare.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.backcare.rules.RuleInfo;

/**
 * Where each rule is: its anchor in the catalogue, derived from its name (so links stay put when rules are added or
 * moved), and its file and line. Immutable.
 */
final class RuleAnchors {
    private final Map<String, String> anchors = new LinkedHashMap<>();
    private final Map<String, String> locations = new LinkedHashMap<>();

    RuleAnchors(List<RuleInfo> rules) {
        Set<String> taken = new HashSet<>();
        for (RuleInfo rule : rules) {
            String anchor = slug(rule.name());
            // Two names that differ only in punctuation would share a slug: the second gets a part of its name's hash.
            if (!taken.add(anchor)) {
                anchor = anchor + "-" + hash(rule.name());
                taken.add(anchor);
            }
            anchors.put(rule.name(), anchor);
            locations.put(rule.name(), rule.file() + ":" + rule.line());
        }
    }

    /** {@code rule-} and the name in lower case, each run of other characters than letters and digits one dash. */
    static String slug(String name) {
        String words = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return "rule-" + (words.length() <= 80 ? words : words.substring(0, 80).replaceAll("-$", ""));
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The anchor of a rule, or {@code null} for a rule the rule set does not have. */
    String anchor(String rule) {
        return anchors.get(rule);
    }

    /** {@code file:line} of a rule, or {@code ?}. */
    String location(String rule) {
        return locations.getOrDefault(rule, "?");
    }
}
