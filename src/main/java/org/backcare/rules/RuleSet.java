package org.backcare.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.backcare.profile.Profile;
import org.backcare.rules.engine.RuleEngine;
import org.backcare.rules.engine.RuleEngines;
import org.backcare.rules.facts.ActivityCatalogue;
import org.backcare.rules.facts.Conclusions;
import org.backcare.rules.facts.FindingTexts;
import org.backcare.rules.facts.WeekCapacity;
import org.kie.api.KieBase;

/**
 * A loaded and checked rule set: the compiled DRL rules, the advice they recommend ({@code advice.yaml}), what their
 * red-flag findings say ({@code findings.yaml}), the sources behind them ({@code evidence.yaml}) and the activities a
 * week can hold ({@code activities.yaml}). Loading fails as a whole, with every problem named by file (and line,
 * where the compiler gives one): no plan is ever made from a partly loaded rule set.
 *
 * <p>Immutable and thread-safe once loaded; the underlying {@link KieBase} is shared by every planning session.
 */
public final class RuleSet {
    private final String origin;
    private final String version;
    private final KieBase kieBase;
    private final Map<String, AdviceText> advice;
    private final Map<String, Evidence> evidence;
    private final List<RuleInfo> rules;
    private final Map<String, Integer> ruleOrder;
    private final ActivityCatalogue catalogue;
    private final RuleSessions sessions;
    private final FindingTexts findings;
    private final RuleEngine engine = new Engine();
    /** The files the rules were loaded from: what {@link #fileDigests} and {@link #ruleDigests} read, when asked. */
    private final RuleFiles files;

    static {
        RuleEngines.register(rules -> rules.engine);
    }

    private RuleSet(String origin, String version, KieBase kieBase, Map<String, AdviceText> advice,
            Map<String, Evidence> evidence, List<RuleInfo> rules, ActivityCatalogue catalogue, FindingTexts findings,
            RuleFiles files) {
        this.origin = origin;
        this.files = files;
        this.version = version;
        this.kieBase = kieBase;
        this.advice = advice;
        this.evidence = evidence;
        this.rules = rules;
        this.catalogue = catalogue;
        this.sessions = new RuleSessions(origin, kieBase, catalogue, findings);
        this.findings = findings;
        Map<String, Integer> order = new LinkedHashMap<>();
        for (RuleInfo rule : rules) order.putIfAbsent(rule.name(), order.size());
        this.ruleOrder = Collections.unmodifiableMap(order);
    }

    /**
     * The rule set packaged with Backcare (the repository's {@code rules/} directory). The build compiles it to
     * Drools' executable model, which loads in a fraction of the time the DRL compiler takes; when that model is
     * missing or was made from other rules, the DRL is compiled instead.
     */
    public static RuleSet builtIn() {
        RuleFiles files = RuleFiles.builtIn();
        return load(files, RuleCompiler.precompiled(files).orElse(null));
    }

    /** The rule set in {@code dir}: its {@code .drl} files (recursively) and its data files ({@link #isRuleFile}). */
    public static RuleSet fromDirectory(Path dir) {
        return load(RuleFiles.read(dir.toString(), dir));
    }

    static RuleSet load(RuleFiles files) {
        return load(files, null);
    }

    /** The rule set of {@code files}, with the executable model the build made of them, or (when null) from DRL. */
    private static RuleSet load(RuleFiles files, RuleCompiler.Precompiled model) {
        List<String> problems = new ArrayList<>();
        Map<String, Evidence> evidence = RuleData.readEvidence(files, problems);
        Map<String, AdviceText> advice = RuleData.readAdvice(files, evidence, problems);
        ActivityCatalogue catalogue = ActivityCatalogues.read(files, problems);
        Set<String> findingIds = new LinkedHashSet<>();
        FindingTexts findings = RuleData.readFindings(files, evidence, problems, findingIds);
        if (files.files().keySet().stream().noneMatch(path -> path.endsWith(".drl"))) {
            problems.add(files.origin() + ": no .drl files; expected the rule files of a rule set");
        }
        // The built-in rules are checked by the tests; a rule set compiled here may come from anyone, and one that
        // reaches outside the rules is not even compiled.
        KieBase precompiled = model == null ? null : model.kieBase();
        String version = model == null ? files.version() : model.version();
        List<String> reaching = new ArrayList<>();
        if (precompiled == null) {
            reaching.addAll(RuleChecks.reachOutside(files));
            reaching.addAll(RuleChecks.declarations(files));
        }
        problems.addAll(reaching);
        KieBase kieBase = precompiled != null ? precompiled : reaching.isEmpty() ? RuleCompiler.compile(files, problems) : null;
        List<RuleInfo> rules = kieBase == null ? List.of() : RuleCompiler.describe(kieBase, files);
        RuleChecks.checkRules(files, rules, advice, problems);
        // which findings no rule concludes can be told only of rules that compiled
        if (kieBase != null) RuleChecks.checkFindings(files, rules, findingIds, problems);
        if (!problems.isEmpty()) throw new RulesException(problems);
        return new RuleSet(files.origin(), version, kieBase, advice, evidence, rules, catalogue, findings, files);
    }

    /**
     * Each file of the rule set (its path inside the rule set) with the SHA-256 of its content, in path order: what a
     * rule change changed, file by file ({@code diff} names them).
     */
    public Map<String, String> fileDigests() {
        return files.fileDigests();
    }

    /**
     * Each rule by its name with the SHA-256 of its text (from {@code rule} to its {@code end}), in the rule files'
     * order: which rules a change touched.
     */
    public Map<String, String> ruleDigests() {
        return files.ruleDigests(rules);
    }

    /** Where the rules came from: a directory, or {@code built-in rules}. */
    public String origin() {
        return origin;
    }

    /**
     * Whether a file of a rules directory, named by its path inside it ({@code /} between names), is one that
     * {@link #fromDirectory} reads: a {@code .drl} file, {@code advice.yaml}, {@code findings.yaml},
     * {@code evidence.yaml} or {@code activities.yaml}. Whatever else the directory holds (scenarios, a repository's
     * files) is not the rules.
     */
    public static boolean isRuleFile(String relativePath) {
        return RuleFiles.isRuleFile(relativePath);
    }

    /** A content hash of every rule file: the same rules give the same version on every machine. */
    public String version() {
        return version;
    }

    /** The advice entries, by id, in file order. */
    public Map<String, AdviceText> advice() {
        return advice;
    }

    /** The evidence catalogue, by id, in file order. */
    public Map<String, Evidence> evidence() {
        return evidence;
    }

    /** Every rule, ordered by file and then by line. */
    public List<RuleInfo> rules() {
        return rules;
    }

    /** A rule's place in {@link #rules()} (by file, then line), for ordering results; unknown names come last. */
    public int position(String ruleName) {
        return ruleOrder.getOrDefault(ruleName, Integer.MAX_VALUE);
    }

    /**
     * What Backcare's planner reaches: the rules run over a profile, the catalogue and the findings (internal types).
     */
    private final class Engine implements RuleEngine {
        @Override
        public ActivityCatalogue catalogue() {
            return catalogue;
        }

        @Override
        public FindingTexts findingTexts() {
            return findings;
        }

        @Override
        public Conclusions evaluate(Profile profile, Consumer<String> firedRule, WeekCapacity capacity) {
            return sessions.evaluate(profile, firedRule, capacity);
        }
    }
}
