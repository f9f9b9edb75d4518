package org.backcare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.backcare.generate.ProfileGenerator;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Category;
import org.backcare.plan.Decision;
import org.backcare.plan.Intensity;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.plan.RiskGroup;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.Within;
import org.backcare.profile.ActivityType;
import org.backcare.profile.Bothersomeness;
import org.backcare.profile.FearOfMovement;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.LegCrossing;
import org.backcare.profile.PainArea;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.ProfileWriter;
import org.backcare.profile.RedFlag;
import org.backcare.profile.SleepPosition;
import org.backcare.profile.SmokingStatus;
import org.backcare.profile.WireName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas Backcare ships ({@code src/main/resources/schema}) say what the reader and the planner do: every
 * example and generated profile and its plan validate, the hostile files are rejected by the schema as by the reader,
 * and, field by field, the schema and the reader accept and reject the same values.
 */
class JsonSchemaTest {
    private static final String PROFILE_ID = "urn:backcare:schema:profile";
    private static final String PLAN_ID = "urn:backcare:schema:plan";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProfileReader READER = new ProfileReader();
    private static final PlanWriter WRITER = new PlanWriter();

    private static JsonNode profileSchemaTree;
    private static Schema profileSchema;
    private static Schema planSchema;
    private static Schema briefPlanSchema;

    @BeforeAll
    static void loadSchemas() throws IOException {
        String profile = resource("schema/profile.schema.json");
        String plan = resource("schema/plan.schema.json");
        profileSchemaTree = JSON.readTree(profile);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(PROFILE_ID, profile, PLAN_ID, plan)));
        profileSchema = registry.getSchema(SchemaLocation.of(PROFILE_ID));
        planSchema = registry.getSchema(SchemaLocation.of(PLAN_ID));
        briefPlanSchema = registry.getSchema(SchemaLocation.of(PLAN_ID + "#/$defs/briefPlan"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = JsonSchemaTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " is packaged").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> errors(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    @Test
    void everyExampleProfileAndItsPlanValidate() throws IOException, InvalidProfileException {
        YAMLMapper yaml = yaml12();
        for (Path file : Fixtures.exampleProfiles()) {
            String name = file.getFileName().toString();
            JsonNode tree = name.endsWith(".json") ? JSON.readTree(file.toFile()) : yaml.readTree(file.toFile());
            assertThat(errors(profileSchema, JSON.writeValueAsString(tree))).as(name).isEmpty();
            Plan plan = Fixtures.planner().plan(READER.read(file));
            assertThat(errors(planSchema, WRITER.toJson(plan))).as("plan of " + name).isEmpty();
        }
    }

    @Test
    void twoThousandGeneratedProfilesTheirPlansAndBriefPlansValidate() throws InvalidProfileException {
        ProfileGenerator generator = new ProfileGenerator(7);
        ProfileWriter profiles = new ProfileWriter();
        Planner planner = Fixtures.planner();
        for (int i = 0; i < 2000; i++) {
            String line = profiles.toJsonLine(generator.profile(i));
            assertThat(errors(profileSchema, line)).as(line).isEmpty();
            Plan plan = planner.plan(READER.parse("generated", line, ProfileReader.Format.JSON));
            assertThat(errors(planSchema, WRITER.toJsonLine(plan))).as("plan of " + line).isEmpty();
            String brief = new String(WRITER.toBytes(plan, true, true), StandardCharsets.UTF_8);
            assertThat(errors(briefPlanSchema, brief)).as("brief plan of " + line).isEmpty();
        }
    }

    @Test
    void theSchemaRejectsEveryHostileFileTheReaderRejects() throws IOException {
        Path hostile = Path.of("src/test/resources/hostile");
        try (Stream<Path> files = Files.list(hostile)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                assertThat(readerAccepts(Files.readAllBytes(file), ProfileReader.Format.of(file))).as(name).isFalse();
                assertThat(schemaAccepts(file)).as("the schema on " + name).isFalse();
            }
        }
    }

    /** A standard strict parse (duplicate keys refused), then the schema: how a care app would check a file. */
    private static boolean schemaAccepts(Path file) {
        try {
            ObjectMapper mapper = ProfileReader.Format.of(file) == ProfileReader.Format.YAML ? yaml12() : JSON;
            JsonNode tree = mapper.copy()
                    .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(file.toFile());
            return tree != null && !tree.isMissingNode() && errors(profileSchema, JSON.writeValueAsString(tree)).isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** YAML as profiles are read: YAML 1.2 booleans only, so {@code crossesLegs: no} is the choice no. */
    private static YAMLMapper yaml12() {
        return YAMLMapper.builder().enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS).build();
    }

    private static boolean readerAccepts(byte[] content, ProfileReader.Format format) {
        try {
            READER.parse("case", content, format);
            return true;
        } catch (InvalidProfileException e) {
            return false;
        }
    }

    @Test
    void fieldByFieldTheSchemaAndTheReaderAcceptAndRejectTheSameValues() throws IOException {
        List<String> disagreements = new ArrayList<>();
        int cases = 0;
        for (Case c : cases()) {
            String json = JSON.writeValueAsString(c.profile());
            boolean reader = readerAccepts(json.getBytes(StandardCharsets.UTF_8), ProfileReader.Format.JSON);
            boolean schema = errors(profileSchema, json).isEmpty();
            if (reader != schema || reader != c.valid()) {
                disagreements.add(c.what() + ": expected " + (c.valid() ? "valid" : "invalid") + ", reader "
                        + (reader ? "accepts" : "rejects") + ", schema " + (schema ? "accepts" : "rejects") + ": " + json);
            }
            cases++;
        }
        assertThat(cases).as("cases tried").isGreaterThan(200);
        assertThat(disagreements).isEmpty();
    }

    /** One profile built to test one field of the schema, and whether PROFILE.md makes it valid. */
    private record Case(String what, ObjectNode profile, boolean valid) {
    }

    /**
     * For every field the schema describes: its bounds and one step beyond them, a wrong type, null, a value outside
     * its choices, a listed choice twice; for every object: an unknown field. Each case holds only the field under
     * test and the fields its objects require (with values no rule across fields objects to), so that each case
     * tests one thing.
     */
    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("the smallest profile", base(), true));
        ObjectNode unknown = base();
        unknown.put("smoker", true);
        cases.add(new Case("an unknown top-level field", unknown, false));
        walk(profileSchemaTree, List.of(), cases);
        return cases;
    }

    private static void walk(JsonNode schema, List<String> path, List<Case> cases) {
        JsonNode node = resolve(schema);
        if (!path.isEmpty() && "object".equals(node.path("type").asText())) {
            cases.add(with(path, JsonNodeFactory.instance.objectNode().put("misspelt", 1), false, "unknown field in"));
            cases.add(with(path, JsonNodeFactory.instance.nullNode(), false, "null for"));
            cases.add(with(path, JsonNodeFactory.instance.textNode("yes"), false, "a string for"));
        }
        if (node.has("properties")) {
            for (Map.Entry<String, JsonNode> field : node.get("properties").properties()) {
                List<String> child = new ArrayList<>(path);
                child.add(field.getKey());
                if (path.isEmpty() && List.of("id", "age").contains(field.getKey())) continue;
                walk(field.getValue(), child, cases);
            }
            return;
        }
        leafCases(node, path, cases);
    }

    private static void leafCases(JsonNode node, List<String> path, List<Case> cases) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String type = node.path("type").asText();
        cases.add(with(path, f.nullNode(), false, "null for"));
        if (type.equals("integer") || type.equals("number")) {
            long min = node.get("minimum").asLong();
            long max = node.get("maximum").asLong();
            double step = type.equals("integer") ? 1 : 0.5;
            cases.add(with(path, f.numberNode(min), true, "the minimum of"));
            cases.add(with(path, f.numberNode(max), true, "the maximum of"));
            cases.add(with(path, type.equals("integer") ? f.numberNode(min - 1) : f.numberNode(min - step), false,
                    "below the minimum of"));
            cases.add(with(path, type.equals("integer") ? f.numberNode(max + 1) : f.numberNode(max + step), false,
                    "above the maximum of"));
            cases.add(with(path, f.textNode(Long.toString(min)), false, "a number in a string for"));
            if (type.equals("integer")) cases.add(with(path, f.numberNode(min + 0.5), false, "a fraction for"));
        } else if (type.equals("boolean")) {
            cases.add(with(path, f.booleanNode(true), true, "true for"));
            cases.add(with(path, f.booleanNode(false), true, "false for"));
            cases.add(with(path, f.textNode("true"), false, "a string for"));
        } else if (type.equals("string")) {
            int max = node.get("maxLength").asInt();
            cases.add(with(path, f.textNode("a"), true, "one character for"));
            cases.add(with(path, f.textNode("a".repeat(max)), true, "the longest text for"));
            cases.add(with(path, f.textNode("a".repeat(max + 1)), false, "text too long for"));
            cases.add(with(path, f.textNode(""), false, "empty text for"));
            cases.add(with(path, f.textNode("a\u001bb"), false, "a control character in"));
            cases.add(with(path, f.numberNode(1), false, "a number for"));
        } else if (type.equals("array") && "object".equals(resolve(node.get("items")).path("type").asText())) {
            // a list of objects (clinician.assessed): its entries must name what the profile reports, a rule across
            // fields that the cases below (one field each) cannot meet, so only the list itself is tried here
            cases.add(with(path, f.arrayNode(), true, "an empty list for"));
            cases.add(with(path, f.arrayNode().add("fever"), false, "a text, not an object, in"));
            cases.add(with(path, f.textNode("fever"), false, "a single value, not a list, for"));
        } else if (type.equals("array")) {
            JsonNode items = resolve(node.get("items"));
            String first = items.get("enum").get(0).asText();
            cases.add(with(path, f.arrayNode(), true, "an empty list for"));
            for (JsonNode choice : items.get("enum")) {
                cases.add(with(path, f.arrayNode().add(choice.asText()), true, choice.asText() + " in"));
            }
            cases.add(with(path, f.arrayNode().add(first).add(first), false, "a choice twice in"));
            cases.add(with(path, f.arrayNode().add("no-such-choice"), false, "an unknown choice in"));
            cases.add(with(path, f.textNode(first), false, "a single value, not a list, for"));
        } else if (node.has("enum")) {
            for (JsonNode choice : node.get("enum")) {
                cases.add(with(path, f.textNode(choice.asText()), true, choice.asText() + " for"));
            }
            cases.add(with(path, f.textNode("no-such-choice"), false, "an unknown choice for"));
            cases.add(with(path, f.numberNode(1), false, "a number for"));
        } else {
            throw new AssertionError("the test does not know the schema of " + String.join(".", path) + ": " + node);
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode node = schema;
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(ref).startsWith("#/");
            node = profileSchemaTree.at(ref.substring(1));
        }
        return node;
    }

    /** The smallest valid profile, aged so that every pain duration is possible. */
    private static ObjectNode base() {
        return JsonNodeFactory.instance.objectNode().put("id", "schema-check").put("age", 110);
    }

    /**
     * A profile with {@code value} at {@code path}, inside objects that hold only what they require, with values no
     * rule across fields objects to: a current smoker (cigarettes allowed), no pain now (any worst pain allowed), a
     * programme past its first week with 5000 minutes planned (any completed minutes allowed).
     */
    private static Case with(List<String> path, JsonNode value, boolean valid, String what) {
        ObjectNode profile = base();
        ObjectNode parent = profile;
        for (int i = 0; i < path.size() - 1; i++) {
            String name = path.get(i);
            parent = parent.putObject(name);
            required(String.join(".", path.subList(0, i + 1)), parent);
        }
        String last = path.get(path.size() - 1);
        parent.remove(last);
        if (value.isObject() && value.has("misspelt")) {
            ObjectNode object = parent.putObject(last);
            required(String.join(".", path), object);
            object.put("misspelt", 1);
        } else {
            parent.set(last, value);
        }
        return new Case(what + " " + String.join(".", path), profile, valid);
    }

    private static void required(String path, ObjectNode object) {
        switch (path) {
            case "smoking" -> object.put("status", "current");
            case "sleep" -> object.put("position", "back");
            case "pain" -> object.put("currentIntensity", 0);
            case "program" -> object.put("week", 2);
            case "program.lastWeek" -> object.put("plannedMinutes", 5000);
            case "pain.startBack" -> {
                for (String answer : List.of("legPain", "shoulderOrNeckPain", "walkOnlyShortDistances",
                        "dressedMoreSlowly", "notSafeToBeActive", "worryingThoughts", "painTerribleNeverBetter",
                        "notEnjoyedThings")) {
                    object.put(answer, false);
                }
                object.put("bothersomeness", "not-at-all");
            }
            default -> { }
        }
    }

    @Test
    void theRulesAcrossFieldsThatTheSchemaCanStateAreInIt() throws IOException {
        String[][] invalid = {
            {"a former smoker with cigarettes", "{\"smoking\": {\"status\": \"former\", \"cigarettesPerDay\": 3}}"},
            {"last week in week 1", "{\"program\": {\"week\": 1, \"lastWeek\": {\"plannedMinutes\": 60}}}"},
            {"activities done in no minutes", "{\"program\": {\"week\": 2, \"lastWeek\": {\"plannedMinutes\": 60,"
                    + " \"completedMinutes\": 0, \"activities\": [\"walking\"]}}}"},
        };
        for (String[] c : invalid) {
            ObjectNode profile = base();
            profile.setAll((ObjectNode) JSON.readTree(c[1]));
            String json = JSON.writeValueAsString(profile);
            assertThat(readerAccepts(json.getBytes(StandardCharsets.UTF_8), ProfileReader.Format.JSON)).as(c[0]).isFalse();
            assertThat(errors(profileSchema, json)).as(c[0]).isNotEmpty();
        }
        String listed = profileSchemaTree.get("$comment").asText();
        assertThat(listed.substring(listed.indexOf(':') + 1).split("; ")).as("the rules the schema cannot state are"
                + " named in it, in a $comment so that strict validators (Ajv) compile it").hasSize(8);
        // Ajv's default strict mode refuses a keyword it does not know and a format it was not given
        assertThat(profileSchemaTree.toString()).doesNotContain("\"x-", "\"format\"");
    }

    @Test
    void theSchemasChoicesAreTheReadersAndThePlans() {
        JsonNode defs = profileSchemaTree.get("$defs");
        JsonNode props = profileSchemaTree.get("properties");
        assertThat(names(defs.get("redFlag"))).isEqualTo(names(RedFlag.class));
        assertThat(names(defs.get("activityName"))).isEqualTo(names(ActivityType.class));
        assertThat(names(defs.get("painArea"))).isEqualTo(names(PainArea.class));
        assertThat(names(defs.get("day"))).isEqualTo(names(DayOfWeek.class));
        assertThat(names(defs.get("startBack").get("properties").get("bothersomeness")))
                .isEqualTo(names(Bothersomeness.class));
        assertThat(names(props.get("smoking").get("properties").get("status"))).isEqualTo(names(SmokingStatus.class));
        assertThat(names(props.get("sleep").get("properties").get("position"))).isEqualTo(names(SleepPosition.class));
        assertThat(names(props.get("sitting").get("properties").get("crossesLegs"))).isEqualTo(names(LegCrossing.class));
        assertThat(names(props.get("pain").get("properties").get("fearOfMovement")))
                .isEqualTo(names(FearOfMovement.class));
        JsonNode plan;
        try {
            plan = JSON.readTree(resource("schema/plan.schema.json")).get("$defs");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(names(plan.get("redFlag"))).isEqualTo(names(RedFlag.class));
        assertThat(names(plan.get("category"))).isEqualTo(names(Category.class));
        assertThat(names(plan.get("triage").get("properties").get("level"))).isEqualTo(names(TriageLevel.class));
        assertThat(names(plan.get("finding").get("properties").get("within"))).isEqualTo(names(Within.class));
        assertThat(names(plan.get("progression").get("properties").get("decision"))).isEqualTo(names(Decision.class));
        assertThat(names(plan.get("plan").get("properties").get("riskGroup"))).isEqualTo(names(RiskGroup.class));
        assertThat(names(plan.get("scheduledActivity").get("properties").get("kind")))
                .isEqualTo(names(ActivityKind.class));
        assertThat(names(plan.get("scheduledActivity").get("properties").get("intensity")))
                .isEqualTo(names(Intensity.class));
        assertThat(names(plan.get("dayPlan").get("properties").get("day"))).isEqualTo(names(DayOfWeek.class));
    }

    /** The choices of an enum schema, in the order WireName lists an enum's, to compare as sets. */
    private static String names(JsonNode enumSchema) {
        List<String> names = new ArrayList<>();
        enumSchema.get("enum").forEach(value -> names.add(value.asText()));
        return String.join(", ", names.stream().sorted().toList());
    }

    private static String names(Class<? extends Enum<?>> type) {
        return String.join(", ", Stream.of(WireName.list(type).split(", ")).sorted().toList());
    }

    @Test
    void aPlanThatBreaksTheContractIsRejected() throws IOException {
        Plan plan = Fixtures.plan(Files.readString(Path.of("profiles/maria-desk-worker.yaml")));
        ObjectNode tree = (ObjectNode) JSON.readTree(WRITER.toJson(plan));
        ObjectNode urgentWithWeek = tree.deepCopy();
        ((ObjectNode) urgentWithWeek.get("triage")).put("level", "urgent");
        ObjectNode sixDays = tree.deepCopy();
        ((ArrayNode) sixDays.get("weeklyPlan").get("days")).remove(6);
        ObjectNode noDisclaimer = tree.deepCopy();
        noDisclaimer.remove("disclaimer");
        ObjectNode swappedDays = tree.deepCopy();
        ArrayNode days = (ArrayNode) swappedDays.get("weeklyPlan").get("days");
        JsonNode monday = days.get(0);
        days.set(0, days.get(1));
        days.set(1, monday);

        for (ObjectNode broken : List.of(urgentWithWeek, sixDays, noDisclaimer, swappedDays)) {
            assertThat(errors(planSchema, JSON.writeValueAsString(broken))).isNotEmpty();
        }
    }
}
