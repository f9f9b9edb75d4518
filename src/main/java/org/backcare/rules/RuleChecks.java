package org.backcare.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backcare.plan.Category;
import org.drools.drl.ast.descr.AbstractClassTypeDeclarationDescr;
import org.drools.drl.ast.descr.AccumulateImportDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.WindowDeclarationDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * The checks a rule set passes before it is used, beyond compiling: no rule reaches outside the rules
 * ({@link OutsideReach}), every {@code @advice} names an entry of {@code advice.yaml} with a {@code @priority} from 0
 * to 100, every safety rule ranks above every other rule, and every {@code @finding} names an entry of
 * {@code findings.yaml} that some rule concludes. Stateless.
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

    /**
     * Every declaration the compiler would build and load before any check can read what it compiled to: a declared
     * type or enum ({@code declare}, whose field defaults, enum arguments and {@code @timestamp} expressions run
     * while the rules compile, or as MVEL while they plan), an {@code import accumulate} (instantiated while they
     * compile), a window. Read with Drools' own parser, so no trick of the text can hide one from it; a file it cannot
     * parse is left to the compiler, which cannot build what it cannot parse either. Rules need none of these:
     * Backcare's facts are their types.
     */
    static List<String> declarations(RuleFiles files) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
            if (!file.getKey().endsWith(".drl")) continue;
            PackageDescr drl;
            try {
                DrlParser parser = new DrlParser();
                drl = parser.parse(false, new String(file.getValue(), StandardCharsets.UTF_8));
                if (parser.hasErrors() || drl == null) continue;
            } catch (DroolsParserException | RuntimeException | StackOverflowError e) {
                continue;
            }
            String where = files.origin() + "/" + file.getKey() + ":";
            String why = "; rules may use only Backcare's facts, and the compiler would run this code before the check";
            for (BaseDescr declared : drl.getClassAndEnumDeclarationDescrs()) {
                problems.add(where + declared.getLine() + ": a declared type (declare "
                        + ((AbstractClassTypeDeclarationDescr) declared).getTypeName() + ")" + why);
            }
            for (AccumulateImportDescr imported : drl.getAccumulateImports()) {
                problems.add(where + imported.getLine() + ": an accumulate function imported from a class (import"
                        + " accumulate " + imported.getTarget() + ")" + why);
            }
            for (WindowDeclarationDescr window : drl.getWindowDeclarations()) {
                problems.add(where + window.getLine() + ": a window declaration (declare window " + window.getName()
                        + ")" + why);
            }
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

    /**
     * Every {@code @finding} names an entry of {@code findings.yaml}, every entry there is some rule's finding, and
     * every rule that makes a concern from those texts names its finding (else it would fail only while planning).
     */
    static void checkFindings(RuleFiles files, List<RuleInfo> rules, Set<String> listed, List<String> problems) {
        Set<String> concluded = new HashSet<>();
        Map<String, String> texts = files.ruleTexts(rules);
        for (RuleInfo rule : rules) {
            if (rule.findingId() == null) {
                String text = texts.getOrDefault(rule.name(), "");
                if (text.contains("findingTexts.concern(")) {
                    problems.add(files.origin() + "/" + rule.file() + (rule.line() > 0 ? ":" + rule.line() : "")
                            + ": rule \"" + rule.name() + "\": makes a concern (findingTexts.concern) but has no"
                            + " @finding; expected @finding(\"id\") naming its entry in " + RuleFiles.FINDINGS);
                }
                continue;
            }
            concluded.add(rule.findingId());
            if (!listed.contains(rule.findingId())) {
                problems.add(files.origin() + "/" + rule.file() + (rule.line() > 0 ? ":" + rule.line() : "")
                        + ": rule \"" + rule.name() + "\": @finding \"" + rule.findingId() + "\" is not in "
                        + RuleFiles.FINDINGS + "; expected the id of a finding listed there");
            }
        }
        for (String id : listed) {
            if (!concluded.contains(id)) {
                problems.add(files.origin() + "/" + RuleFiles.FINDINGS + ": " + id + ": no rule concludes it"
                        + " (@finding(\"" + id + "\")); expected every finding to be some rule's");
            }
        }
    }
}
