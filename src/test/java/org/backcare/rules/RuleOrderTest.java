package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backcare.Fixtures;
import org.backcare.generate.ProfileGenerator;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.rules.engine.RuleEngine;
import org.junit.jupiter.api.Test;

/**
 * The order of rules (README): a rule that reads what another rule concludes has a lower salience, so that it fires
 * once the conclusion is in instead of firing early and being withdrawn. The order changes no plan, only the work a
 * plan takes, so it is checked here on the built-in rules, with a message that says what salience to give.
 */
class RuleOrderTest {
    private static final Pattern RULE = Pattern.compile(
            "^rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"(.*?)^when\\b(.*?)^then\\b(.*?)^end\\b",
            Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern SALIENCE = Pattern.compile("\\bsalience\\s+(\\S+)");
    private static final Pattern PATTERN_TYPE = Pattern.compile("\\b([A-Z]\\w*)\\s*\\(");
    private static final Pattern INSERT = Pattern.compile("\\binsert(?:Logical)?\\s*\\(\\s*");
    private static final Pattern NEW_FACT = Pattern.compile("new\\s+(?:[a-z]\\w*\\.)*([A-Z]\\w*)\\s*\\(");
    private static final Pattern NEW_ADVICE = Pattern.compile("advice\\s*\\(");
    /** A red-flag concern, made from the texts of {@code findings.yaml}. */
    private static final Pattern NEW_CONCERN = Pattern.compile("findingTexts\\s*\\.\\s*concern\\s*\\(");
    /** A fact made before it is inserted: {@code Concern concern = ...; insertLogical(concern);}. */
    private static final Pattern VARIABLE = Pattern.compile("([a-z]\\w*)\\s*\\)");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    /** A rule as its DRL says: where it is, its salience, the fact types its conditions name, those it inserts. */
    record DrlRule(String name, String file, int line, int salience, Set<String> reads, Set<String> concludes) {
    }

    static List<DrlRule> rulesOf(Map<String, byte[]> files) {
        List<DrlRule> rules = new ArrayList<>();
        files.forEach((file, bytes) -> {
            if (!file.endsWith(".drl")) return;
            String text = new String(bytes, StandardCharsets.UTF_8);
            Matcher rule = RULE.matcher(text);
            while (rule.find()) {
                Matcher salience = SALIENCE.matcher(rule.group(2));
                Set<String> reads = new TreeSet<>();
                PATTERN_TYPE.matcher(COMMENT.matcher(rule.group(3)).replaceAll("")).results()
                        .forEach(type -> reads.add(type.group(1)));
                String consequence = COMMENT.matcher(rule.group(4)).replaceAll("");
                int line = 1 + (int) text.substring(0, rule.start()).chars().filter(c -> c == '\n').count();
                Set<String> concludes = new TreeSet<>();
                Matcher insert = INSERT.matcher(consequence);
                while (insert.find()) {
                    // what is inserted must be readable here: a new fact of a named type, or advice(...)
                    Matcher fact = NEW_FACT.matcher(consequence).region(insert.end(), consequence.length());
                    if (fact.lookingAt()) {
                        concludes.add(fact.group(1));
                    } else if (NEW_ADVICE.matcher(consequence).region(insert.end(), consequence.length()).lookingAt()) {
                        concludes.add("Advice");
                    } else if (NEW_CONCERN.matcher(consequence).region(insert.end(), consequence.length()).lookingAt()) {
                        concludes.add("Concern");
                    } else if (declaredType(consequence, insert.end()) != null) {
                        concludes.add(declaredType(consequence, insert.end()));
                    } else {
                        throw new AssertionError("%s:%d rule \"%s\": cannot tell what it inserts; write"
                                .formatted(file, line, rule.group(1))
                                + " insertLogical(new Type(...)), insertLogical(advice(...)),"
                                + " insertLogical(findingTexts.concern(...)) or Type name = ...; insertLogical(name)");
                    }
                }
                int order = 0;
                if (salience.find()) {
                    if (!salience.group(1).matches("-?\\d+")) {
                        throw new AssertionError("%s:%d rule \"%s\": salience %s; expected a whole number"
                                .formatted(file, line, rule.group(1), salience.group(1)));
                    }
                    order = Integer.parseInt(salience.group(1));
                }
                rules.add(new DrlRule(rule.group(1), file, line, order, reads, concludes));
            }
        });
        return rules;
    }

    /**
     * The type of a variable inserted at {@code from}, when its declaration in the consequence makes it there and then
     * ({@code Flare flare = new Flare(...)}), or null.
     */
    private static String declaredType(String consequence, int from) {
        Matcher variable = VARIABLE.matcher(consequence).region(from, consequence.length());
        if (!variable.lookingAt()) return null;
        // Type name = new Type(...), or Concern name = findingTexts.concern(...): the type is what is made
        Matcher declaration = Pattern.compile("\\b([A-Z]\\w*)\\s+" + variable.group(1)
                + "\\s*=\\s*(?:new\\s+(?:[a-z]\\w*\\.)*([A-Z]\\w*)\\s*\\(|findingTexts\\s*\\.\\s*concern\\s*\\()")
                .matcher(consequence);
        if (!declaration.find()) return null;
        String made = declaration.group(2) == null ? "Concern" : declaration.group(2);
        return made.equals(declaration.group(1)) ? made : null;
    }

    /** Each rule that reads what another concludes without a lower salience, saying what to write instead. */
    static List<String> outOfOrder(List<DrlRule> rules) {
        Map<String, List<DrlRule>> concludedBy = new HashMap<>();
        for (DrlRule rule : rules) {
            for (String type : rule.concludes()) concludedBy.computeIfAbsent(type, t -> new ArrayList<>()).add(rule);
        }
        List<String> problems = new ArrayList<>();
        for (DrlRule reader : rules) {
            for (String type : reader.reads()) {
                for (DrlRule writer : concludedBy.getOrDefault(type, List.of())) {
                    if (writer != reader && reader.salience() >= writer.salience()) {
                        problems.add("%s:%d rule \"%s\" (salience %d) reads %s, which rule \"%s\" (%s:%d, salience %d)"
                                .formatted(reader.file(), reader.line(), reader.name(), reader.salience(), type,
                                        writer.name(), writer.file(), writer.line(), writer.salience())
                                + " concludes: give it salience " + (writer.salience() - 1) + " or lower");
                    }
                }
            }
        }
        return problems;
    }

    @Test
    void everyBuiltInRuleFiresAfterTheRulesWhoseConclusionsItReads() {
        List<DrlRule> rules = rulesOf(RuleFiles.builtIn().files());

        assertThat(rules).extracting(DrlRule::name).containsExactlyInAnyOrderElementsOf(
                Fixtures.planner().rules().rules().stream().map(RuleInfo::name).toList());
        // what the order is about: rules that read the situations, findings, limits and outcomes other rules conclude
        assertThat(rules.stream().filter(rule -> rule.salience() < 0).count()).isGreaterThan(40);
        assertThat(outOfOrder(rules)).isEmpty();
    }

    @Test
    void aRuleThatReadsAConclusionWithoutALowerSalienceIsNamedWithTheSalienceToGive() {
        Map<String, byte[]> files = new HashMap<>(RuleFiles.builtIn().files());
        String weeklyPlan = new String(files.get("weekly-plan.drl"), StandardCharsets.UTF_8);
        String explained = "rule \"This week: the dose is explained\"\n"
                + "    @advice(\"activity-this-week\") @priority(76)\n    salience -7\n";
        assertThat(weeklyPlan).contains(explained);
        files.put("weekly-plan.drl", weeklyPlan.replace(explained, explained.replace("salience -7", "salience -2"))
                .getBytes(StandardCharsets.UTF_8));

        assertThat(outOfOrder(rulesOf(files)))
                .anySatisfy(problem -> assertThat(problem).startsWith("weekly-plan.drl:")
                        .contains("rule \"This week: the dose is explained\" (salience -2) reads HeldDose,"
                                + " which rule \"Dose: the smallest proposal holds\"")
                        .endsWith("concludes: give it salience -7 or lower"))
                .noneSatisfy(problem -> assertThat(problem).contains("\"This week: the intensity ceiling"));
    }

    @Test
    void theRulesOfEveryExampleAndGeneratedPlanFireInTheOrderOfTheirSalience() throws Exception {
        // what the static check above promises, seen in the built rules (the build's executable model): no rule fires
        // after one of a lower salience, so none fires before the conclusions it reads are in
        Map<String, Integer> salience = new HashMap<>();
        for (DrlRule rule : rulesOf(RuleFiles.builtIn().files())) salience.put(rule.name(), rule.salience());
        Map<String, Profile> profiles = new LinkedHashMap<>();
        ProfileReader reader = new ProfileReader();
        for (Path file : Fixtures.exampleProfiles()) profiles.put(file.toString(), reader.read(file));
        ProfileGenerator generator = new ProfileGenerator(11);
        for (int i = 0; i < 500; i++) profiles.put("generated profile " + i, generator.profile(i));

        profiles.forEach((name, profile) -> {
            List<String> fired = new ArrayList<>();
            RuleEngine.of(Fixtures.planner().rules()).evaluate(profile, fired::add);

            assertThat(fired).as(name).isNotEmpty();
            for (int i = 1; i < fired.size(); i++) {
                assertThat(salience.get(fired.get(i))).as("%s: \"%s\" fired after \"%s\"", name, fired.get(i),
                        fired.get(i - 1)).isLessThanOrEqualTo(salience.get(fired.get(i - 1)));
            }
        });
    }

    @Test
    void aRuleWhoseInsertOrSalienceCannotBeReadIsNamed() {
        Map<String, byte[]> files = new HashMap<>(RuleFiles.builtIn().files());
        String classify = new String(files.get("classify.drl"), StandardCharsets.UTF_8);
        String flare = "insertLogical(new Flare(fact(\"pain.currentIntensity\", $now) + \" (\"";
        assertThat(classify).contains(flare);
        String insertedLater = classify
                .replace(flare, "Object flare = new Flare(fact(\"pain.currentIntensity\", $now) + \" (\"")
                .replace("or more, usual pain not given): a flare\"));",
                        "or more, usual pain not given): a flare\"); insertLogical(flare);");
        files.put("classify.drl", insertedLater.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> rulesOf(files)).hasMessageStartingWith("classify.drl:")
                .hasMessageContaining("rule \"Classify: without the usual pain, a flare is severe pain\": cannot tell"
                        + " what it inserts");
    }
}
