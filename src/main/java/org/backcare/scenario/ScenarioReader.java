package org.backcare.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backcare.io.InputFiles;
import org.backcare.io.IoErrors;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Category;
import org.backcare.plan.Decision;
import org.backcare.plan.Intensity;
import org.backcare.plan.RiskGroup;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.Within;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Problem;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.WireName;
import org.backcare.rules.facts.SpineMovement;

/**
 * Reads scenario files ({@code *.yaml} under a directory such as {@code rules/scenarios/}):
 *
 * <pre>
 * scenarios:
 *   - name: A current smoker ready to quit gets support to cut back
 *     profile: {smoking: {status: current, readyToQuit: true}}   # id and age default to scenario and 40
 *     # or: profileFile: ../../profiles/maria-desk-worker.yaml   (relative to this file)
 *     expect:
 *       present: [smoking-cut-back-support]
 *       absent: [smoking-talk-about-cutting-back]
 *       atMostRank: {smoking-cut-back-support: 3}
 *       triage: self-care
 *       riskGroup: none                       # or low, medium, high
 *       redFlagsScreened: false               # triage.redFlagsScreened
 *       weeklyPlan: {none: false, maxIntensity: light, maxMainMinutes: 60, minMainMinutes: 20,
 *                    minDifferentActivities: 2, minDaysOfKind: {strength: 2, balance: 2},
 *                    scheduled: [walking], notScheduled: [gardening], noExerciseMoving: [flexion, twisting],
 *                    longestSession: 30,     # no main session longer (minutes)
 *                    minRestDays: 1, minSessions: 3}   # days without a main session; main sessions of the
 *                                                      # rules' shortest (10 minutes) or more
 *       findings: [{within: 24-hours, suspected: spinal infection, flags: [fever, iv-drug-use],
 *                   persisting: false, actionSays: "today"}]   # [] for none
 *       focus: [education-hurt-is-not-harm]   # ids the focus must name
 *       reasons: {activity-this-week: ["pain.currentIntensity is 7 ..."]}   # reasons a recommendation must give
 *       exactReasons: {movement-sweet-spot: ["..."]}   # the only reasons it may give
 *       maxRecommendations: 10
 *       onlyCategories: [safety, education]
 *       progression: {decision: progress, fromMinutes: 120, toMinutes: 130}   # or {none: true}
 * </pre>
 *
 * Unknown fields, unknown values and invalid profiles are reported, every problem at once.
 */
public final class ScenarioReader {
    private static final Set<String> SCENARIO_FIELDS = Set.of("name", "profile", "profileFile", "expect");
    private static final Set<String> EXPECT_FIELDS = Set.of("present", "absent", "atMostRank", "triage", "riskGroup",
            "weeklyPlan", "findings", "focus", "reasons", "exactReasons", "maxRecommendations", "onlyCategories",
            "progression", "redFlagsScreened");
    private static final Set<String> PROGRESSION_FIELDS = Set.of("none", "decision", "fromMinutes", "toMinutes");
    private static final Set<String> WEEK_FIELDS = Set.of("none", "maxIntensity", "maxMainMinutes", "minMainMinutes",
            "minDifferentActivities", "minDaysOfKind", "scheduled", "notScheduled", "noExerciseMoving",
            "longestSession", "minRestDays", "minSessions");
    private static final Set<String> FINDING_FIELDS = Set.of("within", "suspected", "flags", "persisting",
            "actionSays");

    private final ObjectMapper yaml = new YAMLMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build());
    private final ObjectMapper json = JsonMapper.builder().build();
    private final ProfileReader profiles = new ProfileReader();

    /** Every scenario in the {@code .yaml} and {@code .yml} files at or below the given paths, in file order. */
    public List<Scenario> read(List<Path> inputs) throws ScenarioException {
        List<Scenario> scenarios = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Path> files = InputFiles.expand(inputs, path -> {
            String name = path.getFileName().toString();
            return name.endsWith(".yaml") || name.endsWith(".yml");
        });
        for (Path file : files) readFile(file, scenarios, problems);
        if (!problems.isEmpty()) throw new ScenarioException(problems);
        return scenarios;
    }

    private void readFile(Path file, List<Scenario> scenarios, List<String> problems) {
        JsonNode tree;
        try {
            tree = yaml.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            problems.add(file + ": not well-formed YAML: " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            problems.add(file + ": cannot be read: " + IoErrors.describe(e));
            return;
        }
        if (tree == null || !tree.isObject() || !tree.path("scenarios").isArray() || tree.size() != 1) {
            problems.add(file + ": expected a map with one field, scenarios: a list of scenarios");
            return;
        }
        int index = 0;
        for (JsonNode node : tree.get("scenarios")) {
            String where = file + ": scenarios[" + index++ + "]";
            Scenario scenario = scenario(file, where, node, problems);
            if (scenario != null) scenarios.add(scenario);
        }
    }

    private Scenario scenario(Path file, String where, JsonNode node, List<String> problems) {
        int before = problems.size();
        if (!node.isObject()) {
            problems.add(where + ": expected a map with name, profile or profileFile, and expect");
            return null;
        }
        unknown(node, SCENARIO_FIELDS, where, problems);
        String name = node.path("name").asText("");
        if (name.isBlank()) problems.add(where + ".name: expected the scenario's name in words");
        where = where + " (" + name + ")";
        Profile profile = profile(file, where, node, problems);
        JsonNode expect = node.path("expect");
        if (!expect.isObject()) {
            problems.add(where + ".expect: expected a map of what the plan must say");
            return null;
        }
        unknown(expect, EXPECT_FIELDS, where + ".expect", problems);
        List<String> present = ids(expect.get("present"), where + ".expect.present", problems);
        List<String> absent = ids(expect.get("absent"), where + ".expect.absent", problems);
        Map<String, Integer> ranks = ranks(expect.get("atMostRank"), where + ".expect.atMostRank", problems);
        TriageLevel triage = choice(expect.get("triage"), TriageLevel.class, where + ".expect.triage", problems);
        Scenario.Expected<RiskGroup> risk = null;
        JsonNode riskNode = expect.get("riskGroup");
        if (riskNode != null) {
            risk = "none".equals(riskNode.asText()) ? new Scenario.Expected<>(null)
                    : new Scenario.Expected<>(choice(riskNode, RiskGroup.class, where + ".expect.riskGroup", problems));
        }
        Scenario.WeekLimits week = week(expect.get("weeklyPlan"), where + ".expect.weeklyPlan", problems);
        List<Scenario.ExpectedFinding> findings = findings(expect.get("findings"), where + ".expect.findings", problems);
        List<String> focus = ids(expect.get("focus"), where + ".expect.focus", problems);
        Map<String, List<String>> reasons = reasons(expect.get("reasons"), where + ".expect.reasons", problems);
        Map<String, List<String>> exactReasons = reasons(expect.get("exactReasons"), where + ".expect.exactReasons",
                problems);
        Integer maxRecommendations = whole(expect.get("maxRecommendations"), where + ".expect.maxRecommendations",
                problems);
        Set<Category> categories = EnumSet.noneOf(Category.class);
        for (String category : texts(expect.get("onlyCategories"), where + ".expect.onlyCategories", problems)) {
            Category value = choice(new TextNode(category), Category.class, where + ".expect.onlyCategories",
                    problems);
            if (value != null) categories.add(value);
        }
        Scenario.ExpectedProgression progression = progression(expect.get("progression"),
                where + ".expect.progression", problems);
        JsonNode screened = expect.get("redFlagsScreened");
        if (screened != null && !screened.isBoolean()) {
            problems.add(where + ".expect.redFlagsScreened: expected true or false");
        }
        if (problems.size() > before) return null;
        return new Scenario(name, where, profile, present, absent, ranks, triage, risk, week, findings, focus, reasons,
                exactReasons, maxRecommendations, categories, progression,
                screened == null ? null : screened.booleanValue());
    }

    /** {@code atMostRank}: each advice id with the lowest rank it may have. */
    private static Map<String, Integer> ranks(JsonNode node, String where, List<String> problems) {
        Map<String, Integer> ranks = new LinkedHashMap<>();
        if (node == null) return ranks;
        if (!node.isObject()) problems.add(where + ": expected a map of ids to ranks");
        for (Map.Entry<String, JsonNode> rank : node.properties()) {
            if (!rank.getValue().isInt() || rank.getValue().intValue() < 1) {
                problems.add(where + "." + rank.getKey() + ": expected a rank of 1 or more");
            } else {
                ranks.put(rank.getKey(), rank.getValue().intValue());
            }
        }
        return ranks;
    }

    /** {@code progression}: the decision and minutes the plan's progression must have, or that it must have none. */
    private static Scenario.ExpectedProgression progression(JsonNode node, String at, List<String> problems) {
        if (node == null) return null;
        if (!node.isObject()) {
            problems.add(at + ": expected a map of decision, fromMinutes, toMinutes, or none");
            return null;
        }
        unknown(node, PROGRESSION_FIELDS, at, problems);
        JsonNode none = node.get("none");
        if (none != null && !none.isBoolean()) problems.add(at + ".none: expected true or false");
        return new Scenario.ExpectedProgression(none == null ? null : none.booleanValue(),
                choice(node.get("decision"), Decision.class, at + ".decision", problems),
                whole(node.get("fromMinutes"), at + ".fromMinutes", problems),
                whole(node.get("toMinutes"), at + ".toMinutes", problems));
    }

    private Profile profile(Path file, String where, JsonNode node, List<String> problems) {
        JsonNode inline = node.get("profile");
        JsonNode path = node.get("profileFile");
        try {
            if (inline != null && path == null && inline.isObject()) {
                ObjectNode withDefaults = ((ObjectNode) inline.deepCopy());
                if (!withDefaults.has("id")) withDefaults.put("id", "scenario");
                if (!withDefaults.has("age")) withDefaults.put("age", 40);
                return profiles.parse(where + ".profile", json.writeValueAsString(withDefaults),
                        ProfileReader.Format.JSON);
            }
            if (path != null && inline == null && path.isTextual()) {
                return profiles.read(file.resolveSibling(path.textValue()).normalize());
            }
            problems.add(where + ": expected either profile (a profile inline) or profileFile (a path)");
        } catch (InvalidProfileException e) {
            // An inline profile's problems already name the scenario; a file's name the file.
            for (Problem problem : e.problems()) problems.add(inline != null ? problem.toString() : where + ": " + problem);
        } catch (JsonProcessingException e) {
            problems.add(where + ".profile: " + e.getOriginalMessage());
        }
        return null;
    }

    private static void unknown(JsonNode node, Set<String> known, String where, List<String> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(where + "." + name + ": unknown field; expected one of "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static List<String> ids(JsonNode node, String where, List<String> problems) {
        List<String> ids = new ArrayList<>();
        if (node == null) return ids;
        if (!node.isArray()) {
            problems.add(where + ": expected a list of recommendation ids");
            return ids;
        }
        for (JsonNode id : node) ids.add(id.asText());
        return ids;
    }

    /** A map of recommendation ids to reasons, or an empty map (with a problem) when it is not one. */
    private static Map<String, List<String>> reasons(JsonNode node, String where, List<String> problems) {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        if (node == null) return reasons;
        if (!node.isObject()) problems.add(where + ": expected a map of ids to reasons");
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            reasons.put(entry.getKey(), texts(entry.getValue(), where + "." + entry.getKey(), problems));
        }
        return reasons;
    }

    /** A list of texts, or an empty list (with a problem) when it is not one. */
    private static List<String> texts(JsonNode node, String where, List<String> problems) {
        List<String> texts = new ArrayList<>();
        if (node == null) return texts;
        if (!node.isArray()) {
            problems.add(where + ": expected a list");
            return texts;
        }
        for (JsonNode text : node) {
            if (text.isTextual()) texts.add(text.textValue());
            else problems.add(where + ": expected text, got " + text);
        }
        return texts;
    }

    private static List<Scenario.ExpectedFinding> findings(JsonNode node, String where, List<String> problems) {
        if (node == null) return null;
        List<Scenario.ExpectedFinding> findings = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(where + ": expected a list of findings, each {within, suspected, flags, persisting,"
                    + " actionSays}");
            return findings;
        }
        int index = 0;
        for (JsonNode finding : node) {
            String at = where + "[" + index++ + "]";
            if (!finding.isObject()) {
                problems.add(at + ": expected {within, suspected, flags, persisting, actionSays}");
                continue;
            }
            unknown(finding, FINDING_FIELDS, at, problems);
            JsonNode suspected = finding.get("suspected");
            JsonNode persisting = finding.get("persisting");
            if (persisting != null && !persisting.isBoolean()) problems.add(at + ".persisting: expected true or false");
            JsonNode action = finding.get("actionSays");
            findings.add(new Scenario.ExpectedFinding(choice(finding.get("within"), Within.class, at + ".within", problems),
                    suspected == null ? null : suspected.asText(),
                    finding.has("flags") ? texts(finding.get("flags"), at + ".flags", problems) : null,
                    persisting == null || !persisting.isBoolean() ? null : persisting.booleanValue(),
                    action == null ? null : action.asText()));
        }
        return findings;
    }

    private static <E extends Enum<E>> E choice(JsonNode node, Class<E> type, String where, List<String> problems) {
        if (node == null) return null;
        Optional<E> value = node.isTextual() ? WireName.parse(type, node.textValue()) : Optional.empty();
        if (value.isEmpty()) problems.add(where + ": expected one of " + WireName.list(type) + ", got " + node);
        return value.orElse(null);
    }

    private static Scenario.WeekLimits week(JsonNode node, String where, List<String> problems) {
        if (node == null) return null;
        if (!node.isObject()) {
            problems.add(where + ": expected a map of limits on the weekly plan");
            return null;
        }
        unknown(node, WEEK_FIELDS, where, problems);
        JsonNode none = node.get("none");
        if (none != null && !none.isBoolean()) problems.add(where + ".none: expected true or false");
        Map<ActivityKind, Integer> minDays = new EnumMap<>(ActivityKind.class);
        JsonNode daysNode = node.get("minDaysOfKind");
        if (daysNode != null) {
            if (!daysNode.isObject()) problems.add(where + ".minDaysOfKind: expected a map of kinds to days");
            for (Map.Entry<String, JsonNode> entry : daysNode.properties()) {
                ActivityKind kind = choice(new TextNode(entry.getKey()), ActivityKind.class, where + ".minDaysOfKind",
                        problems);
                Integer days = whole(entry.getValue(), where + ".minDaysOfKind." + entry.getKey(), problems);
                if (kind != null && days != null) minDays.put(kind, days);
            }
        }
        Set<SpineMovement> moving = EnumSet.noneOf(SpineMovement.class);
        for (String movement : texts(node.get("noExerciseMoving"), where + ".noExerciseMoving", problems)) {
            SpineMovement value = choice(new TextNode(movement), SpineMovement.class, where + ".noExerciseMoving",
                    problems);
            if (value != null) moving.add(value);
        }
        return new Scenario.WeekLimits(none == null ? null : none.booleanValue(),
                choice(node.get("maxIntensity"), Intensity.class, where + ".maxIntensity", problems),
                whole(node.get("maxMainMinutes"), where + ".maxMainMinutes", problems),
                whole(node.get("minMainMinutes"), where + ".minMainMinutes", problems),
                whole(node.get("minDifferentActivities"), where + ".minDifferentActivities", problems),
                minDays, texts(node.get("scheduled"), where + ".scheduled", problems),
                texts(node.get("notScheduled"), where + ".notScheduled", problems), moving,
                whole(node.get("longestSession"), where + ".longestSession", problems),
                whole(node.get("minRestDays"), where + ".minRestDays", problems),
                whole(node.get("minSessions"), where + ".minSessions", problems));
    }

    private static Integer whole(JsonNode node, String where, List<String> problems) {
        if (node == null) return null;
        if (!node.isInt() || node.intValue() < 0) {
            problems.add(where + ": expected a whole number, 0 or more");
            return null;
        }
        return node.intValue();
    }
}
