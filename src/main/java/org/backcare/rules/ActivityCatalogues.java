package org.backcare.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Intensity;
import org.backcare.profile.ActivityType;
import org.backcare.profile.WireName;
import org.backcare.rules.facts.ActivityCatalogue;
import org.backcare.rules.facts.CatalogueActivity;
import org.backcare.rules.facts.Exercise;
import org.backcare.rules.facts.Level;
import org.backcare.rules.facts.SpineMovement;

/** Reads and checks {@code activities.yaml}, recording each problem as {@code file: path: what was expected}. */
final class ActivityCatalogues {
    private static final List<String> ENTRY_FIELDS = List.of("kind", "impact", "spineLoad", "intensities", "minutes",
            "exercises");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final List<String> LAYOUT_FIELDS = List.of("spreadSessionMinutes", "mostDaysOfOneActivity",
            "activitiesForVariety", "sessionsForOneFlexibility", "sessionsForTwoFlexibility");

    private final String where;
    private final List<String> problems;

    private ActivityCatalogues(String where, List<String> problems) {
        this.where = where;
        this.problems = problems;
    }

    /** The catalogue, or {@code null} with problems recorded. */
    static ActivityCatalogue read(RuleFiles files, List<String> problems) {
        Optional<JsonNode> tree = RuleData.readYaml(files, RuleFiles.ACTIVITIES, problems);
        if (tree.isEmpty()) return null;
        int before = problems.size();
        ActivityCatalogues reader = new ActivityCatalogues(files.origin() + "/" + RuleFiles.ACTIVITIES, problems);
        reader.unknownFields(tree.get(), "", List.of("activities", "defaults", "routine", "balance", "strength",
                "neckRoutine", "layout"));
        Map<ActivityType, CatalogueActivity> activities = reader.activities(tree.get().get("activities"));
        List<ActivityType> defaults = reader.defaults(tree.get().get("defaults"));
        ActivityCatalogue.Routine routine = reader.routine(tree.get().get("routine"), "routine");
        ActivityCatalogue.Routine balance = reader.routine(tree.get().get("balance"), "balance");
        ActivityCatalogue.Routine strength = reader.routine(tree.get().get("strength"), "strength");
        // optional: without it, the daily routine serves neck and upper back pain too
        ActivityCatalogue.Routine neck = tree.get().has("neckRoutine")
                ? reader.routine(tree.get().get("neckRoutine"), "neckRoutine") : null;
        ActivityCatalogue.Layout layout = reader.layout(tree.get().get("layout"));
        return problems.size() > before ? null
                : new ActivityCatalogue(activities, defaults, routine, balance, strength, neck, layout);
    }

    private void problem(String path, String message) {
        problems.add(where + ": " + path + ": " + message);
    }

    private void unknownFields(JsonNode node, String path, List<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(path.isEmpty() ? name : path + "." + name, "unknown field; expected one of "
                        + String.join(", ", known));
            }
        }
    }

    private Map<ActivityType, CatalogueActivity> activities(JsonNode node) {
        Map<ActivityType, CatalogueActivity> activities = new EnumMap<>(ActivityType.class);
        if (node == null || !node.isObject()) {
            problem("activities", "expected a map from activity names to their kind, impact, spineLoad and"
                    + " intensities");
            return activities;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String path = "activities." + entry.getKey();
            Optional<ActivityType> activity = WireName.parse(ActivityType.class, entry.getKey());
            if (activity.isEmpty()) {
                problem(path, "unknown activity; expected one of " + WireName.list(ActivityType.class));
                continue;
            }
            JsonNode fields = entry.getValue();
            if (!fields.isObject()) {
                problem(path, "expected a map with " + String.join(", ", ENTRY_FIELDS));
                continue;
            }
            unknownFields(fields, path, ENTRY_FIELDS);
            ActivityKind kind = choice(fields, path, "kind", ActivityKind.class);
            if (kind == ActivityKind.MOBILITY) {
                problem(path + ".kind", "mobility is the daily routine's kind; expected aerobic, strength,"
                        + " flexibility, balance or leisure");
                kind = null;
            }
            Level impact = choice(fields, path, "impact", Level.class);
            Level load = choice(fields, path, "spineLoad", Level.class);
            List<Intensity> intensities = intensities(fields.get("intensities"), path + ".intensities");
            int[] minutes = sessionMinutes(fields.get("minutes"), path + ".minutes");
            List<Exercise> exercises = List.of();
            if (kind == ActivityKind.STRENGTH || kind == ActivityKind.BALANCE || fields.has("exercises")) {
                exercises = exercises(fields.get("exercises"), path + ".exercises");
            }
            if (kind != null && impact != null && load != null && intensities != null && minutes != null
                    && exercises != null) {
                activities.put(activity.get(), new CatalogueActivity(activity.get(), kind, impact, load, intensities,
                        minutes[0], minutes[1], exercises));
            }
        }
        for (ActivityType activity : ActivityType.values()) {
            if (!activities.containsKey(activity) && !node.has(WireName.of(activity))) {
                problem("activities", WireName.of(activity) + " is missing; expected every activity name");
            }
        }
        return activities;
    }

    private <E extends Enum<E>> E choice(JsonNode fields, String path, String name, Class<E> type) {
        JsonNode value = fields.get(name);
        Optional<E> choice = value == null || !value.isTextual()
                ? Optional.empty() : WireName.parse(type, value.textValue());
        if (choice.isEmpty()) problem(path + "." + name, "expected one of " + WireName.list(type));
        return choice.orElse(null);
    }

    private List<Intensity> intensities(JsonNode node, String path) {
        String expected = "a non-empty list of " + WireName.list(Intensity.class) + ", gentlest first, each once";
        if (node == null || !node.isArray() || node.isEmpty()) {
            problem(path, "expected " + expected);
            return null;
        }
        List<Intensity> intensities = new ArrayList<>();
        for (JsonNode element : node) {
            Optional<Intensity> intensity = element.isTextual()
                    ? WireName.parse(Intensity.class, element.textValue()) : Optional.empty();
            if (intensity.isEmpty() || (!intensities.isEmpty()
                    && intensity.get().compareTo(intensities.get(intensities.size() - 1)) <= 0)) {
                problem(path, "expected " + expected);
                return null;
            }
            intensities.add(intensity.get());
        }
        return intensities;
    }

    /** A session length range, {@code [shortest, longest]} in minutes (5 to 240), or {@code null} with a problem. */
    private int[] sessionMinutes(JsonNode node, String path) {
        if (node != null && node.isArray() && node.size() == 2 && node.get(0).isIntegralNumber()
                && node.get(1).isIntegralNumber()) {
            int shortest = node.get(0).intValue();
            int longest = node.get(1).intValue();
            if (shortest >= 5 && shortest <= longest && longest <= 240) return new int[] {shortest, longest};
        }
        problem(path, "expected [shortest, longest]: a session's length range in whole minutes, from 5 to 240");
        return null;
    }

    private List<ActivityType> defaults(JsonNode node) {
        List<ActivityType> defaults = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            problem("defaults", "expected a non-empty list of activity names, walking first");
            return defaults;
        }
        for (JsonNode element : node) {
            Optional<ActivityType> activity = element.isTextual()
                    ? WireName.parse(ActivityType.class, element.textValue()) : Optional.empty();
            if (activity.isEmpty() || defaults.contains(activity.get())) {
                problem("defaults", "expected distinct activity names; got " + element);
            } else {
                defaults.add(activity.get());
            }
        }
        return defaults;
    }

    /**
     * The exercises of an activity or routine: a non-empty list of {@code {do: "...", moves: [flexion, twisting]}},
     * or {@code null} with problems recorded.
     */
    private List<Exercise> exercises(JsonNode node, String path) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            problem(path, "expected a non-empty list of exercises, each {do: what to do, moves: [spine movements]}");
            return null;
        }
        List<Exercise> exercises = new ArrayList<>();
        int index = 0;
        for (JsonNode element : node) {
            String where = path + "[" + index++ + "]";
            if (!element.isObject()) {
                problem(where, "expected {do: what to do, moves: [spine movements]}");
                continue;
            }
            unknownFields(element, where, List.of("do", "moves"));
            JsonNode instruction = element.get("do");
            if (instruction == null || !instruction.isTextual() || instruction.textValue().isBlank()) {
                problem(where + ".do", "expected the exercise in plain words");
                continue;
            }
            Set<SpineMovement> moves = EnumSet.noneOf(SpineMovement.class);
            JsonNode movesNode = element.get("moves");
            if (movesNode != null) {
                for (JsonNode move : movesNode.isArray() ? movesNode : List.<JsonNode>of()) {
                    Optional<SpineMovement> movement = move.isTextual()
                            ? WireName.parse(SpineMovement.class, move.textValue()) : Optional.empty();
                    if (movement.isEmpty()) {
                        problem(where + ".moves", "expected a list of " + WireName.list(SpineMovement.class));
                    } else {
                        moves.add(movement.get());
                    }
                }
                if (!movesNode.isArray()) problem(where + ".moves", "expected a list of "
                        + WireName.list(SpineMovement.class));
            }
            exercises.add(new Exercise(instruction.textValue().strip(), moves));
        }
        return exercises.size() == node.size() ? exercises : null;
    }

    /**
     * How the scheduler lays the week out: a session length of 5 to 240 minutes, a number of days of 1 to 7, and
     * numbers of activities and of sessions of 1 to 99 (more sessions than a week holds turn a flexibility session
     * off), or {@code null} with problems recorded.
     */
    private ActivityCatalogue.Layout layout(JsonNode node) {
        if (node == null || !node.isObject()) {
            problem("layout", "expected a map with " + String.join(", ", LAYOUT_FIELDS));
            return null;
        }
        unknownFields(node, "layout", LAYOUT_FIELDS);
        int before = problems.size();
        int spread = whole(node, "spreadSessionMinutes", 5, 240, "minutes");
        int mostDays = whole(node, "mostDaysOfOneActivity", 1, 7, "days");
        int activities = whole(node, "activitiesForVariety", 1, 99, "activities");
        int oneFlexibility = whole(node, "sessionsForOneFlexibility", 1, 99, "sessions");
        int twoFlexibility = whole(node, "sessionsForTwoFlexibility", 1, 99, "sessions");
        if (problems.size() == before && twoFlexibility < oneFlexibility) {
            problem("layout.sessionsForTwoFlexibility", "expected at least sessionsForOneFlexibility ("
                    + oneFlexibility + ")");
        }
        return problems.size() > before ? null
                : new ActivityCatalogue.Layout(spread, mostDays, activities, oneFlexibility, twoFlexibility);
    }

    /** A whole number of {@code what} from {@code least} to {@code most} in {@code layout.name}, or 0 with a problem. */
    private int whole(JsonNode layout, String name, int least, int most, String what) {
        JsonNode value = layout.get(name);
        if (value != null && value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= least
                && value.intValue() <= most) {
            return value.intValue();
        }
        problem("layout." + name, "expected a whole number of " + what + " from " + least + " to " + most);
        return 0;
    }

    private ActivityCatalogue.Routine routine(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            problem(path, "expected a map with name, minutes and exercises");
            return null;
        }
        unknownFields(node, path, List.of("name", "minutes", "exercises"));
        JsonNode name = node.get("name");
        JsonNode minutes = node.get("minutes");
        boolean ok = true;
        if (name == null || !name.isTextual() || !NAME.matcher(name.textValue()).matches()) {
            problem(path + ".name", "expected a kebab-case name such as spine-mobility");
            ok = false;
        }
        if (minutes == null || !minutes.isIntegralNumber() || minutes.intValue() < 1 || minutes.intValue() > 30) {
            problem(path + ".minutes", "expected a whole number of minutes from 1 to 30");
            ok = false;
        }
        List<Exercise> exercises = exercises(node.get("exercises"), path + ".exercises");
        return ok && exercises != null ? new ActivityCatalogue.Routine(name.textValue(), minutes.intValue(), exercises)
                : null;
    }
}
