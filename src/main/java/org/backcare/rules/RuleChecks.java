package org.backcare.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backcare.plan.Category;

/**
 * The checks a rule set passes before it is used, beyond compiling: no rule reaches outside the rules
 * ({@link OutsideReach}), every {@code @advice} names an entry of {@code advice.yaml} with a {@code @priority} from 0
 * to 100, and every safety rule ranks above every other rule. Stateless.
 */
final class RuleChecks {
    private RuleChecks() {
    }

    /** Every place in the rule files whose code reaches outside the rules (see {@link OutsideReach}). */
    static List<String> reachOutside(RuleFiles files) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
            if (!file.getKey().endsWith(".drl")) continue;
            problems.addAll(OutsideReach.check(files.origin() + "/" + file.getKey(),
                    new String(file.getValue(), StandardCharsets.UTF_8)));
        }
        return problems;
    }

    static void checkRules(RuleFiles files, List<RuleInfo> rules, Map<String, AdviceText> advice,
            List<String> problems) {
        int lowestSafety = Integer.MAX_VALUE;
        int highestOther = Integer.MIN_VALUE;
        for (RuleInfo rule : rules) {
            String where = files.origin() + "/" + rule.file() + (rule.line() > 0 ? ":" + rule.line() : "")
                    + ": rule \"" + rule.name() + "\": ";
            if (rule.adviceId() == null) {
                if (rule.priority() != -1) problems.add(where + "has @priority but no @advice; expected both or neither");
                continue;
            }
            if (!RuleData.ID.matcher(rule.adviceId()).matches()) {
                problems.add(where + "@advice \"" + rule.adviceId() + "\" is not a kebab-case id");
            }
            AdviceText text = advice.get(rule.adviceId());
            if (text == null) {
                problems.add(where + "@advice \"" + rule.adviceId() + "\" is not in " + RuleFiles.ADVICE
                        + "; expected the id of an entry there");
            }
            if (rule.priority() < 0 || rule.priority() > 100) {
                problems.add(where + "expected @priority to be a whole number from 0 to 100");
                continue;
            }
            if (text == null) continue;
            if (text.category() == Category.SAFETY) {
                lowestSafety = Math.min(lowestSafety, rule.priority());
            } else {
                highestOther = Math.max(highestOther, rule.priority());
            }
        }
        if (lowestSafety != Integer.MAX_VALUE && lowestSafety <= highestOther) {
            problems.add(files.origin() + ": a safety rule has @priority " + lowestSafety
                    + "; expected every safety rule above every other rule (highest other: " + highestOther
                    + "), so that safety advice always ranks first");
        }
    }
}
