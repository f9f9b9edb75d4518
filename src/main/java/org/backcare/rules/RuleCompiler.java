package org.backcare.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backcare.rules.facts.RuleMetadata;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.io.ResourceFactory;

/**
 * Compiling a rule set's DRL into a Drools knowledge base, or loading the executable model the build made of the
 * built-in rules, and describing its rules (name, file, line, advice, priority) for catalogues. Stateless.
 */
final class RuleCompiler {
    private static final Pattern RULE_HEADER = Pattern.compile("(?m)^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String NULL_PACKAGE = "Parser returned a null Package";

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

    static KieBase compile(RuleFiles files, List<String> problems) {
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

    static String describe(RuleFiles files, KnowledgeBuilderResult error) {
        String file = error.getResource() == null ? "" : "/" + error.getResource().getSourcePath();
        int[] lines = error.getLines();
        String line = lines != null && lines.length > 0 && lines[0] > 0 ? ":" + lines[0] : "";
        String message = error.getMessage() == null ? "error" : error.getMessage().strip().replaceAll("\\s+", " ");
        return files.origin() + file + line + ": " + message;
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
                        lineOf.getOrDefault(rule.getName(), 0), metadata.adviceId(), metadata.priority()));
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
