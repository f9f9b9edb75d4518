package org.backcare.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.backcare.plan.Category;
import org.backcare.plan.Within;
import org.backcare.profile.WireName;
import org.backcare.rules.facts.Advice;
import org.backcare.rules.facts.FindingText;
import org.backcare.rules.facts.FindingTexts;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reading a rule set's YAML data, {@code advice.yaml}, {@code findings.yaml} and {@code evidence.yaml} (the activity
 * catalogue has its own reader, {@link ActivityCatalogues}): strict, with every problem named by file, entry and
 * field. Stateless.
 */
final class RuleData {
    /** Advice, evidence and activity ids: kebab case. */
    static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** Reads the data files: strict (no duplicate keys, few aliases); thread-safe, made once for every rule set. */
    private static final YAMLMapper YAML = yamlMapper();

    private RuleData() {
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
            JsonNode tree = YAML.readTree(content);
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

    static Map<String, Evidence> readEvidence(RuleFiles files, List<String> problems) {
        Map<String, Evidence> catalogue = new LinkedHashMap<>();
        readYaml(files, RuleFiles.EVIDENCE, problems).ifPresent(tree -> {
            Entries entries = new Entries(files.origin() + "/" + RuleFiles.EVIDENCE, problems);
            for (Map.Entry<String, JsonNode> entry : tree.properties()) {
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

    static Map<String, AdviceText> readAdvice(RuleFiles files, Map<String, Evidence> evidence,
            List<String> problems) {
        Map<String, AdviceText> catalogue = new LinkedHashMap<>();
        readYaml(files, RuleFiles.ADVICE, problems).ifPresent(tree -> {
            Entries entries = new Entries(files.origin() + "/" + RuleFiles.ADVICE, problems);
            for (Map.Entry<String, JsonNode> entry : tree.properties()) {
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
                List<String> sources = entries.sources(id, node, evidence);
                if (title != null && text != null) problems.addAll(DoNotOffer.check(entries.where, id, title + "\n" + text));
                if (category.isPresent() && title != null && text != null && !sources.isEmpty()) {
                    catalogue.put(id, new AdviceText(id, category.get(), title, text, sources));
                }
            }
        });
        return Collections.unmodifiableMap(catalogue);
    }

    /**
     * The red-flag findings of {@code findings.yaml}: under {@code findings}, each id with its {@code suspected},
     * {@code within} and {@code action}; under {@code instead}, what a finding says instead of its action (each of
     * {@link FindingTexts#INSTEAD}, with {@code {suspected}} in it). Every id the file lists goes into {@code listed},
     * whether or not its entry is well formed, so that a rule naming it is not reported as well. A rule set without the
     * file (one written before findings had a file of their own) has no findings: a rule that names one is reported
     * by the check of {@code @finding}.
     */
    static FindingTexts readFindings(RuleFiles files, Map<String, Evidence> evidence, List<String> problems,
            Set<String> listed) {
        if (!files.files().containsKey(RuleFiles.FINDINGS)) return FindingTexts.none();
        Map<String, FindingText> findings = new LinkedHashMap<>();
        Map<String, String> instead = new LinkedHashMap<>();
        readYaml(files, RuleFiles.FINDINGS, problems).ifPresent(tree -> {
            String where = files.origin() + "/" + RuleFiles.FINDINGS;
            for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("findings") && !name.equals("instead")) {
                    problems.add(where + ": " + name + ": expected only findings and instead at the top");
                }
            }
            JsonNode found = tree.path("findings");
            if (!found.isObject()) problems.add(where + ": findings: expected a map from ids to findings");
            Entries entries = new Entries(where, problems);
            for (Map.Entry<String, JsonNode> entry : found.properties()) {
                String id = entry.getKey();
                listed.add(id);
                JsonNode node = entries.entry(id, entry.getValue(), List.of("suspected", "within", "action",
                        "evidence"));
                if (node == null) continue;
                String suspected = entries.text(id, node, "suspected", true);
                String withinName = entries.text(id, node, "within", true);
                Optional<Within> within = withinName == null ? Optional.empty() : WireName.parse(Within.class, withinName);
                if (withinName != null && within.isEmpty()) {
                    problems.add(where + ": " + id + ".within: expected one of " + WireName.list(Within.class)
                            + ", got " + withinName);
                }
                String action = entries.text(id, node, "action", true);
                if (action != null) problems.addAll(DoNotOffer.check(where, id, action));
                List<String> sources = entries.sources(id, node, evidence);

                if (suspected != null && within.isPresent() && action != null && !sources.isEmpty()) {
                    findings.put(id, new FindingText(id, suspected, within.get(), action, sources));
                }
            }
            JsonNode said = tree.path("instead");
            for (String key : FindingTexts.INSTEAD) {
                JsonNode text = said.path(key);
                if (!text.isTextual() || !text.asText().contains("{suspected}")) {
                    problems.add(where + ": instead." + key + ": expected a text with {suspected} in it");
                } else {
                    problems.addAll(DoNotOffer.check(where, "instead." + key, text.asText()));
                    instead.put(key, text.asText());
                }
            }
            for (Iterator<String> names = said.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FindingTexts.INSTEAD.contains(name)) {
                    problems.add(where + ": instead." + name + ": expected only " + String.join(", ", FindingTexts.INSTEAD));
                }
            }
        });
        return new FindingTexts(findings, instead);
    }

    /** Reads the entries of one YAML catalogue, recording problems as {@code file: id.field: message}. */
    record Entries(String where, List<String> problems) {

        /** An entry's {@code evidence}: ids of sources listed in {@code evidence.yaml}, each checked to be there. */
        List<String> sources(String id, JsonNode node, Map<String, Evidence> evidence) {
            List<String> sources = ids(id, node, "evidence");
            for (String source : sources) {
                if (!evidence.containsKey(source)) {
                    problems.add(where + ": " + id + ".evidence: \"" + source + "\" is not in " + RuleFiles.EVIDENCE
                            + "; expected the id of a source listed there");
                }
            }
            return sources;
        }

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
