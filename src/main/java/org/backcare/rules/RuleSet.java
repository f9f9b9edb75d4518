package org.backcare.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backcare.plan.Category;
import org.backcare.plan.Finding;
import org.backcare.profile.ActivityType;
import org.backcare.profile.Profile;
import org.backcare.profile.WireName;
import org.backcare.rules.facts.ActivityCatalogue;
import org.backcare.rules.facts.Advice;
import org.backcare.rules.facts.CatalogueActivity;
import org.backcare.rules.facts.Excluded;
import org.backcare.rules.facts.Findings;
import org.backcare.rules.facts.IntensityCeiling;
import org.backcare.rules.facts.MovementLeftOut;
import org.backcare.rules.facts.ProgressionOutcome;
import org.backcare.rules.facts.ProgressionProposal;
import org.backcare.rules.facts.RuleMetadata;
import org.backcare.rules.facts.SessionLength;
import org.backcare.rules.facts.SessionsOfKind;
import org.backcare.rules.facts.StartBackRisk;
import org.backcare.rules.facts.WeeklyDose;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.rule.ConsequenceException;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.io.ResourceFactory;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A loaded and checked rule set: the compiled DRL rules, the advice they recommend ({@code advice.yaml}) and the
 * sources behind it ({@code evidence.yaml}). Loading fails as a whole, with every problem named by file (and line,
 * where the compiler gives one): no plan is ever made from a partly loaded rule set.
 *
 * <p>Immutable and thread-safe once loaded; the underlying {@link KieBase} is shared by every planning session.
 */
public final class RuleSet {
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern RULE_HEADER = Pattern.compile("(?m)^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A bound on rule firings per profile, so that a rule that re-triggers itself cannot hang a batch. */
    private static final int MAX_FIRINGS = 10_000;
    private static final String NULL_PACKAGE = "Parser returned a null Package";

    private final String origin;
    private final String version;
    private final KieBase kieBase;
    private final Map<String, AdviceText> advice;
    private final Map<String, Evidence> evidence;
    private final List<RuleInfo> rules;
    private final Map<String, Integer> ruleOrder;
    private final ActivityCatalogue catalogue;
    /** Sessions are reset and reused rather than built for each profile; disposing one returns it here. */
    private final KieSessionsPool sessions;

    private RuleSet(String origin, String version, KieBase kieBase, Map<String, AdviceText> advice,
            Map<String, Evidence> evidence, List<RuleInfo> rules, ActivityCatalogue catalogue) {
        this.origin = origin;
        this.version = version;
        this.kieBase = kieBase;
        this.advice = advice;
        this.evidence = evidence;
        this.rules = rules;
        this.catalogue = catalogue;
        this.sessions = kieBase.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
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
        return load(files, precompiled(files.version()));
    }

    /** The rule set in {@code dir}: its {@code .drl} files (recursively), {@code advice.yaml} and {@code evidence.yaml}. */
    public static RuleSet fromDirectory(Path dir) {
        return load(RuleFiles.read(dir.toString(), dir));
    }

    static RuleSet load(RuleFiles files) {
        return load(files, null);
    }

    /**
     * The KieBase of the executable model the build made from these rules (see {@link ExecutableModelGenerator}), or
     * {@code null} when there is none for this version of the rules.
     */
    private static KieBase precompiled(String version) {
        ClassLoader loader = RuleSet.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(ExecutableModelGenerator.INDEX)) {
            if (in == null) return null;
            List<String> index = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (index.isEmpty() || !index.get(0).equals(version)) return null;
            List<Model> models = new ArrayList<>();
            for (String className : index.subList(1, index.size())) {
                models.add((Model) Class.forName(className, true, loader).getDeclaredConstructor().newInstance());
            }
            return KieBaseBuilder.createKieBaseFromModel(models);
        } catch (IOException | ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static RuleSet load(RuleFiles files, KieBase precompiled) {
        List<String> problems = new ArrayList<>();
        Map<String, Evidence> evidence = readEvidence(files, problems);
        Map<String, AdviceText> advice = readAdvice(files, evidence, problems);
        ActivityCatalogue catalogue = ActivityCatalogues.read(files, problems);
        if (files.files().keySet().stream().noneMatch(path -> path.endsWith(".drl"))) {
            problems.add(files.origin() + ": no .drl files; expected the rule files of a rule set");
        }
        // The built-in rules are checked by the tests; a rule set compiled here may come from anyone, and one that
        // reaches outside the rules is not even compiled.
        List<String> reaching = precompiled == null ? reachOutside(files) : List.of();
        problems.addAll(reaching);
        KieBase kieBase = precompiled != null ? precompiled : reaching.isEmpty() ? compile(files, problems) : null;
        List<RuleInfo> rules = kieBase == null ? List.of() : describe(kieBase, files);
        checkRules(files, rules, advice, problems);
        if (!problems.isEmpty()) throw new RulesException(problems);
        return new RuleSet(files.origin(), files.version(), kieBase, advice, evidence, rules, catalogue);
    }

    /** Where the rules came from: a directory, or {@code built-in rules}. */
    public String origin() {
        return origin;
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

    /** The activities a weekly plan can schedule, and the daily routine. */
    public ActivityCatalogue catalogue() {
        return catalogue;
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
     * The catalogue entries a week for this profile could use, as facts for the weekly-plan rules: the liked
     * activities and the defaults. Leaving the others out keeps each session small; none of them could be scheduled.
     */
    private List<CatalogueActivity> candidates(Profile profile) {
        EnumSet<ActivityType> wanted = EnumSet.noneOf(ActivityType.class);
        if (profile.activity() != null) wanted.addAll(profile.activity().likes());
        wanted.addAll(catalogue.defaults());
        List<CatalogueActivity> entries = new ArrayList<>(wanted.size());
        for (ActivityType activity : wanted) entries.add(catalogue.get(activity));
        return entries;
    }

    /**
     * Runs the rules over one profile in a session of its own and returns what they concluded. Thread-safe.
     *
     * @throws RulesException when a rule fails, or the rules keep firing without end
     */
    public Findings evaluate(Profile profile) {
        return evaluate(profile, null);
    }

    /**
     * As {@link #evaluate(Profile)}, also telling {@code firedRule} the name of each rule as it fires (for reports
     * of how often rules fire; it slows planning a little).
     */
    public Findings evaluate(Profile profile, Consumer<String> firedRule) {
        KieSession session = sessions.newKieSession();
        AgendaEventListener listener = firedRule == null ? null : new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                firedRule.accept(event.getMatch().getRule().getName());
            }
        };
        if (listener != null) session.addEventListener(listener);
        try {
            session.insert(profile);
            for (Object section : profile.sections()) session.insert(section);
            for (CatalogueActivity activity : candidates(profile)) session.insert(activity);
            int fired = session.fireAllRules(MAX_FIRINGS);
            if (fired >= MAX_FIRINGS) {
                throw new RulesException(List.of(origin + ": the rules fired more than " + MAX_FIRINGS
                        + " times for profile " + profile.id() + " without settling; a rule probably re-triggers itself"));
            }
            List<Advice> advice = new ArrayList<>();
            List<Finding> triage = new ArrayList<>();
            StartBackRisk risk = null;
            List<Excluded> excluded = new ArrayList<>();
            List<IntensityCeiling> ceilings = new ArrayList<>();
            List<WeeklyDose> doses = new ArrayList<>();
            List<SessionLength> sessionLengths = new ArrayList<>();
            List<MovementLeftOut> movementsLeftOut = new ArrayList<>();
            List<SessionsOfKind> sessionsOfKind = new ArrayList<>();
            List<ProgressionProposal> progressions = new ArrayList<>();
            List<ProgressionOutcome> outcomes = new ArrayList<>();
            for (Object fact : session.getObjects()) {
                if (fact instanceof Advice a) advice.add(a);
                else if (fact instanceof Finding f) triage.add(f);
                else if (fact instanceof StartBackRisk r) risk = r;
                else if (fact instanceof Excluded e) excluded.add(e);
                else if (fact instanceof IntensityCeiling c) ceilings.add(c);
                else if (fact instanceof WeeklyDose d) doses.add(d);
                else if (fact instanceof SessionLength l) sessionLengths.add(l);
                else if (fact instanceof MovementLeftOut m) movementsLeftOut.add(m);
                else if (fact instanceof SessionsOfKind k) sessionsOfKind.add(k);
                else if (fact instanceof ProgressionProposal p) progressions.add(p);
                else if (fact instanceof ProgressionOutcome o) outcomes.add(o);
            }
            return new Findings(advice, triage, risk, excluded, ceilings, doses, sessionLengths, movementsLeftOut,
                    sessionsOfKind, progressions, outcomes);
        } catch (ConsequenceException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RulesException(origin + ": rule \"" + e.getMatch().getRule().getName() + "\" failed for profile "
                    + profile.id() + ": " + cause, e);
        } finally {
            if (listener != null) session.removeEventListener(listener);
            session.dispose();
        }
    }

    private static YAMLMapper yamlMapper() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(options)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return new YAMLMapper(factory);
    }

    static Optional<JsonNode> readYaml(RuleFiles files, String name, List<String> problems) {
        byte[] content = files.files().get(name);
        String where = files.origin() + "/" + name;
        if (content == null) {
            problems.add(where + ": missing; every rule set needs " + RuleFiles.ADVICE + ", " + RuleFiles.EVIDENCE + " and "
                    + RuleFiles.ACTIVITIES);
            return Optional.empty();
        }
        try {
            JsonNode tree = yamlMapper().readTree(content);
            if (tree == null || !tree.isObject()) {
                problems.add(where + ": expected a map from ids to entries");
                return Optional.empty();
            }
            return Optional.of(tree);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(where + (line > 0 ? ":" + line : "") + ": not well-formed YAML: "
                    + e.getOriginalMessage().strip().replaceAll("\\s+", " "));
        } catch (IOException | RuntimeException e) {
            problems.add(where + ": not well-formed YAML: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static Map<String, Evidence> readEvidence(RuleFiles files, List<String> problems) {
        Map<String, Evidence> catalogue = new LinkedHashMap<>();
        readYaml(files, RuleFiles.EVIDENCE, problems).ifPresent(tree -> {
            Entries entries = new Entries(files.origin() + "/" + RuleFiles.EVIDENCE, problems);
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String id = entry.getKey();
                JsonNode node = entries.entry(id, entry.getValue(), List.of("citation", "url"));
                if (node == null) continue;
                String citation = entries.text(id, node, "citation", true);
                String url = entries.text(id, node, "url", false);
                if (url != null && !url.startsWith("https://")) {
                    problems.add(entries.where + ": " + id + ".url: expected an https:// address, got " + url);
                }
                if (citation != null) catalogue.put(id, new Evidence(id, citation, url));
            }
        });
        return Collections.unmodifiableMap(catalogue);
    }

    private static Map<String, AdviceText> readAdvice(RuleFiles files, Map<String, Evidence> evidence,
            List<String> problems) {
        Map<String, AdviceText> catalogue = new LinkedHashMap<>();
        readYaml(files, RuleFiles.ADVICE, problems).ifPresent(tree -> {
            Entries entries = new Entries(files.origin() + "/" + RuleFiles.ADVICE, problems);
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String id = entry.getKey();
                JsonNode node = entries.entry(id, entry.getValue(), List.of("category", "title", "advice", "evidence"));
                if (node == null) continue;
                String categoryName = entries.text(id, node, "category", true);
                Optional<Category> category = categoryName == null
                        ? Optional.empty() : WireName.parse(Category.class, categoryName);
                if (categoryName != null && category.isEmpty()) {
                    problems.add(entries.where + ": " + id + ".category: expected one of "
                            + WireName.list(Category.class) + ", got " + categoryName);
                }
                String title = entries.text(id, node, "title", true);
                String text = entries.text(id, node, "advice", true);
                List<String> sources = entries.ids(id, node, "evidence");
                for (String source : sources) {
                    if (!evidence.containsKey(source)) {
                        problems.add(entries.where + ": " + id + ".evidence: \"" + source
                                + "\" is not in " + RuleFiles.EVIDENCE + "; expected the id of a source listed there");
                    }
                }
                if (title != null && text != null) problems.addAll(DoNotOffer.check(entries.where, id, title + "\n" + text));
                if (category.isPresent() && title != null && text != null && !sources.isEmpty()) {
                    catalogue.put(id, new AdviceText(id, category.get(), title, text, sources));
                }
            }
        });
        return Collections.unmodifiableMap(catalogue);
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

    private static KieBase compile(RuleFiles files, List<String> problems) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        var batch = builder.batch();
        for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
            if (!file.getKey().endsWith(".drl")) continue;
            Resource resource = ResourceFactory.newByteArrayResource(file.getValue()).setSourcePath(file.getKey());
            batch.add(resource, ResourceType.DRL);
        }
        try {
            batch.build();
        } catch (RuntimeException e) {
            problems.add(files.origin() + ": the rules could not be compiled: " + e.getMessage());
            return null;
        }
        if (builder.hasErrors()) {
            Set<String> filesWithErrors = new HashSet<>();
            for (KnowledgeBuilderResult error : builder.getErrors()) {
                String file = error.getResource() == null ? "" : error.getResource().getSourcePath();
                // The parser adds this after its own, more precise, error for the same file.
                if (NULL_PACKAGE.equals(error.getMessage()) && filesWithErrors.contains(file)) continue;
                filesWithErrors.add(file);
                problems.add(describe(files, error));
            }
            return null;
        }
        return builder.newKieBase();
    }

    private static String describe(RuleFiles files, KnowledgeBuilderResult error) {
        String file = error.getResource() == null ? "" : "/" + error.getResource().getSourcePath();
        int[] lines = error.getLines();
        String line = lines != null && lines.length > 0 && lines[0] > 0 ? ":" + lines[0] : "";
        String message = error.getMessage() == null ? "error" : error.getMessage().strip().replaceAll("\\s+", " ");
        return files.origin() + file + line + ": " + message;
    }

    private static List<RuleInfo> describe(KieBase kieBase, RuleFiles files) {
        Map<String, String> fileOf = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
            if (!file.getKey().endsWith(".drl")) continue;
            ruleLines(file.getValue()).forEach((name, line) -> {
                if (fileOf.putIfAbsent(name, file.getKey()) == null) lineOf.put(name, line);
            });
        }
        List<RuleInfo> rules = new ArrayList<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                RuleMetadata metadata = RuleMetadata.of(rule);
                rules.add(new RuleInfo(rule.getName(), fileOf.getOrDefault(rule.getName(), ""),
                        lineOf.getOrDefault(rule.getName(), 0), metadata.adviceId(), metadata.priority()));
            }
        }
        rules.sort(Comparator.comparing(RuleInfo::file).thenComparingInt(RuleInfo::line)
                .thenComparing(RuleInfo::name));
        return List.copyOf(rules);
    }

    /** The line of each {@code rule "name"} header in a DRL file, for catalogues. */
    private static Map<String, Integer> ruleLines(byte[] drl) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        if (drl == null) return lines;
        String text = new String(drl, StandardCharsets.UTF_8);
        Matcher header = RULE_HEADER.matcher(text);
        while (header.find()) {
            int line = 1 + (int) text.substring(0, header.start(1)).chars().filter(c -> c == '\n').count();
            lines.putIfAbsent(header.group(1).replace("\\\"", "\""), line);
        }
        return lines;
    }

    private static void checkRules(RuleFiles files, List<RuleInfo> rules, Map<String, AdviceText> advice,
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
            if (!ID.matcher(rule.adviceId()).matches()) {
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

    /** Reads the entries of one YAML catalogue, recording problems as {@code file: id.field: message}. */
    record Entries(String where, List<String> problems) {

        JsonNode entry(String id, JsonNode node, List<String> fields) {
            if (!ID.matcher(id).matches()) {
                problems.add(where + ": " + id + ": expected a kebab-case id (a-z, 0-9 and single hyphens)");
            }
            if (!node.isObject()) {
                problems.add(where + ": " + id + ": expected a map with " + String.join(", ", fields));
                return null;
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!fields.contains(name)) {
                    problems.add(where + ": " + id + "." + name + ": unknown field; expected one of "
                            + String.join(", ", fields));
                }
            }
            return node;
        }

        String text(String id, JsonNode node, String field, boolean required) {
            JsonNode value = node.get(field);
            if (value == null) {
                if (required) problems.add(where + ": " + id + "." + field + ": required field is missing");
                return null;
            }
            if (!value.isTextual() || value.textValue().isBlank()) {
                problems.add(where + ": " + id + "." + field + ": expected text");
                return null;
            }
            return value.textValue().strip();
        }

        List<String> ids(String id, JsonNode node, String field) {
            JsonNode value = node.get(field);
            List<String> ids = new ArrayList<>();
            if (value == null || !value.isArray() || value.isEmpty()) {
                problems.add(where + ": " + id + "." + field + ": expected a non-empty list of evidence ids");
                return ids;
            }
            for (JsonNode element : value) {
                if (element.isTextual()) {
                    ids.add(element.textValue());
                } else {
                    problems.add(where + ": " + id + "." + field + ": expected evidence ids as text");
                }
            }
            return List.copyOf(ids);
        }
    }
}
