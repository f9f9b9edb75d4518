package org.backcare.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.backcare.rules.facts.RuleMetadata;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.core.impl.RuleBaseFactory;
import org.drools.model.Model;
import org.drools.model.codegen.ExecutableModelProject;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Compiling a rule set's DRL into a Drools knowledge base, or loading the executable model the build made of the
 * built-in rules, and describing its rules (name, file, line, advice, priority) for catalogues. Stateless.
 */
final class RuleCompiler {
    private static final Pattern RULE_HEADER = Pattern.compile("(?m)^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** What the parser adds after its own, more precise, error for the same file. */
    private static final String NULL_PACKAGE = "Parser returned a null Package";
    /** Where the executable model's build expects the DRL files. */
    private static final String SOURCES = "src/main/resources/";
    /** Where the executable model's build puts the class that describes the kmodule, which no model needs. */
    private static final String PROJECT_MODEL = "org/drools/project/model/";

    private RuleCompiler() {
    }

    /** The executable model the build made of the built-in rules, and the version of the rules it was made from. */
    record Precompiled(String version, KieBase kieBase) {
    }

    /**
     * The KieBase of the executable model the build made from these rules (see {@link ExecutableModelGenerator}), with
     * their version; empty when there is none, or it was made from other files (the rules changed after it was made).
     * The files are recognised by their {@link RuleFiles#checksum()}, which is much quicker than their version's
     * digest at every start; the version comes from the build.
     */
    static Optional<Precompiled> precompiled(RuleFiles files) {
        ClassLoader loader = RuleSet.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(ExecutableModelGenerator.INDEX)) {
            if (in == null) return Optional.empty();
            List<String> index = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (index.size() < 3 || !index.get(1).equals(files.checksum())) return Optional.empty();
            List<Model> models = new ArrayList<>();
            for (String className : index.subList(2, index.size())) {
                models.add((Model) Class.forName(className, true, loader).getDeclaredConstructor().newInstance());
            }
            return Optional.of(new Precompiled(index.get(0), KieBaseBuilder.createKieBaseFromModel(models)));
        } catch (IOException | ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * Compiles the rule set's DRL to Drools' executable model (Java source, compiled in memory), checks every class
     * it made ({@link CompiledReach}), and only then loads them: no code of a rule set runs, not even a static
     * initialiser, before its bytecode has passed. DRL compiled and checked before in this process is not compiled
     * again ({@link #CHECKED}). Null, with the problems added, when it does not compile or reaches outside the rules.
     */
    static KieBase compile(RuleFiles files, List<String> problems) {
        ClassLoader parent = RuleCompiler.class.getClassLoader();
        String key = files.drlDigest();
        CompiledModel compiled;
        synchronized (CHECKED) {
            compiled = CHECKED.get(key);
        }
        if (compiled == null) {
            Optional<CompiledModel> made = compileModel(files, problems);
            if (made.isEmpty()) return null;
            Map<String, RulePlace> places = rulePlaces(files);
            List<CompiledReach.Reach> reaching = CompiledReach.check(made.get().classes(), parent, places.keySet());
            if (!reaching.isEmpty()) {
                reaching.forEach(reach -> problems.addAll(describe(files, places, reach)));
                return null;
            }
            compiled = made.get();
            synchronized (CHECKED) {
                CHECKED.put(key, compiled);
            }
        }
        RuleClassLoader loader = new RuleClassLoader(compiled.classes(), parent);
        try {
            List<Model> models = new ArrayList<>();
            for (String className : compiled.models()) {
                models.add((Model) loader.loadClass(className).getDeclaredConstructor().newInstance());
            }
            KieBaseConfiguration configuration = RuleBaseFactory.newKnowledgeBaseConfiguration(null, loader);
            return KieBaseBuilder.createKieBaseFromModel(models, configuration);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            problems.add(files.origin() + ": the rules could not be loaded: " + e);
            return null;
        }
    }

    /**
     * Rule sets compiled and checked in this process, by the SHA-256 of their DRL files: loading the same rules again
     * (another directory with the same DRL, a report's second rule set, a Spark executor beside its driver) skips the
     * compiler, which takes seconds. A pure memo of a few recent rule sets (a few MB each), safe across threads.
     */
    private static final Map<String, CompiledModel> CHECKED = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompiledModel> eldest) {
            return size() > 4;
        }
    };

    /** The classes of a rule set's executable model, by class file name, and the model classes among them. */
    record CompiledModel(Map<String, byte[]> classes, List<String> models) {
    }

    /**
     * The executable model of the rule set's DRL, compiled (and not loaded); empty, with the problems added, when it
     * does not compile. Also the build step's ({@link ExecutableModelGenerator}).
     */
    static Optional<CompiledModel> compileModel(RuleFiles files, List<String> problems) {
        KieServices kie = KieServices.get();
        ReleaseId release = kie.newReleaseId("org.backcare.loaded", "rules-" + UUID.randomUUID(), "1");
        KieFileSystem sources = kie.newKieFileSystem();
        sources.generateAndWritePomXML(release);
        for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
            if (file.getKey().endsWith(".drl")) sources.write(SOURCES + file.getKey(), file.getValue());
        }
        KieBuilder builder;
        try {
            builder = kie.newKieBuilder(sources).buildAll(ExecutableModelProject.class);
        } catch (RuntimeException | Error e) {
            problems.add(files.origin() + ": the rules could not be compiled: " + e);
            return Optional.empty();
        } finally {
            // the build registers the module with Drools' shared repository: no rule set outlives its use there
            kie.getRepository().removeKieModule(release);
        }
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            Set<String> seen = new LinkedHashSet<>();
            for (Message error : errors) describe(files, error).ifPresent(seen::add);
            problems.addAll(seen);
            return Optional.empty();
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        List<String> models = new ArrayList<>();
        byte[] jar = ((InternalKieModule) builder.getKieModule()).getBytes();
        try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.startsWith(PROJECT_MODEL)) {
                    // the kmodule's wiring, which Drools generates and this loader does not need, is left out
                    classes.put(name, entries.readAllBytes());
                } else if (name.endsWith("/drools-model")) {
                    String text = new String(entries.readAllBytes(), StandardCharsets.UTF_8);
                    // class names, after a "Drools-Model-Version:" line
                    text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.contains(":"))
                            .forEach(models::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new CompiledModel(classes, models));
    }

    /**
     * A compile error, at its DRL file and line; an error in the Java that Drools generates from a rule, at the rule
     * set. Drools' stack traces and copies of the generated source are left out.
     */
    private static Optional<String> describe(RuleFiles files, Message error) {
        String text = error.getText() == null ? "error" : error.getText();
        if (text.startsWith("Java source of ") || text.equals(NULL_PACKAGE)) return Optional.empty();
        int trace = text.indexOf("Problem stacktrace");
        text = (trace < 0 ? text : text.substring(0, trace)).strip().replaceAll("\\s+", " ");
        String path = error.getPath() == null ? "" : error.getPath();
        if (path.startsWith(SOURCES)) path = path.substring(SOURCES.length());
        if (files.files().containsKey(path)) {
            String line = error.getLine() > 0 ? ":" + error.getLine() : "";
            return Optional.of(files.origin() + "/" + path + line + ": " + text);
        }
        String generated = path.isEmpty() ? "" : " (in the Java that Drools made of a rule)";
        return Optional.of(files.origin() + generated + ": " + text);
    }

    /** Where a rule is: its file, and its text from {@code rule} to the line before the next rule. */
    private record RulePlace(String file, int line, String text) {
    }

    private static Map<String, RulePlace> rulePlaces(RuleFiles files) {
        Map<String, RulePlace> places = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
            if (!file.getKey().endsWith(".drl")) continue;
            String text = new String(file.getValue(), StandardCharsets.UTF_8);
            List<String> lines = text.lines().toList();
            List<Map.Entry<String, Integer>> headers = new ArrayList<>(ruleLines(file.getValue()).entrySet());
            for (int i = 0; i < headers.size(); i++) {
                int from = headers.get(i).getValue();
                int to = i + 1 < headers.size() ? headers.get(i + 1).getValue() - 1 : lines.size();
                places.putIfAbsent(headers.get(i).getKey(), new RulePlace(file.getKey(), from,
                        String.join("\n", lines.subList(Math.min(from - 1, lines.size()), Math.min(to, lines.size())))));
            }
        }
        return places;
    }

    /**
     * A reach outside the rules, at each rule whose code reaches it: at the line of the rule that names it, or at the
     * rule's header when its text does not (a function it calls may); at each file that names it when no rule is
     * known to reach it; at the rule set when no text names it.
     */
    private static List<String> describe(RuleFiles files, Map<String, RulePlace> rules, CompiledReach.Reach reach) {
        String problem = ": the compiled rules call " + reach.what()
                + ", which reaches outside the rules; rules may only read facts and insert, change or retract them";
        List<Pattern> naming = naming(reach);
        List<String> places = new ArrayList<>();
        for (String rule : reach.rules()) {
            RulePlace place = rules.get(rule);
            int line = place.line();
            for (Pattern named : naming) {
                Matcher found = named.matcher(place.text());
                if (found.find()) {
                    line = place.line() + OutsideReach.lineOf(place.text(), found.start()) - 1;
                    break;
                }
            }
            places.add(files.origin() + "/" + place.file() + ":" + line);
        }
        for (Pattern named : places.isEmpty() ? naming : List.<Pattern>of()) {
            for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
                if (!file.getKey().endsWith(".drl")) continue;
                String text = new String(file.getValue(), StandardCharsets.UTF_8);
                Matcher found = named.matcher(text);
                if (found.find()) {
                    places.add(files.origin() + "/" + file.getKey() + ":" + OutsideReach.lineOf(text, found.start()));
                }
            }
            if (!places.isEmpty()) break;
        }
        if (places.isEmpty()) places.add(files.origin());
        return places.stream().distinct().map(place -> place + problem).toList();
    }

    /**
     * How DRL text would name what a reach is, best first: on its class ({@code Path.of}, {@code new URL}), then by
     * its name alone ({@code $profile.getClass()}, a method reference); none when nothing names it.
     */
    private static List<Pattern> naming(CompiledReach.Reach reach) {
        if (reach.name().isEmpty()) return List.of();
        String name = Pattern.quote(reach.name().replaceFirst("^new ", ""));
        if (reach.name().startsWith("new ")) {
            return List.of(Pattern.compile("\\bnew\\s+([\\w$]+\\s*\\.\\s*)*" + name + "\\b"),
                    Pattern.compile("\\b" + name + "\\s*::\\s*new\\b"));
        }
        String bare = reach.field() ? "\\.\\s*" + name + "\\b"
                : "\\b" + name + "\\s*\\(|::\\s*" + name + "\\b|\\.\\s*" + name + "\\b";
        return List.of(Pattern.compile("\\b" + Pattern.quote(reach.owner()) + "\\s*(\\.|::)\\s*" + name + "\\b"),
                Pattern.compile(bare));
    }

    static List<RuleInfo> describe(KieBase kieBase, RuleFiles files) {
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
                        lineOf.getOrDefault(rule.getName(), 0), metadata.adviceId(), metadata.priority(),
                        metadata.findingId()));
            }
        }
        rules.sort(Comparator.comparing(RuleInfo::file).thenComparingInt(RuleInfo::line)
                .thenComparing(RuleInfo::name));
        return List.copyOf(rules);
    }

    /** The line of each {@code rule "name"} header in a DRL file, for catalogues. */
    static Map<String, Integer> ruleLines(byte[] drl) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        if (drl == null) return lines;
        String text = new String(drl, StandardCharsets.UTF_8);
        Matcher header = RULE_HEADER.matcher(text);
        int line = 1;
        int counted = 0;   // line is the line number of the character at offset counted
        while (header.find()) {
            for (; counted < header.start(1); counted++) {
                if (text.charAt(counted) == '\n') line++;
            }
            lines.putIfAbsent(header.group(1).replace("\\\"", "\""), line);
        }
        return lines;
    }
}
