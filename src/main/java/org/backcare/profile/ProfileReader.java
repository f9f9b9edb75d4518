package org.backcare.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.backcare.files.InputFile;

/**
 * Reads and validates profiles from JSON or YAML, as {@code PROFILE.md} describes. Validation is strict and complete:
 * unknown fields, duplicate keys, wrong types and out-of-range values are all rejected, and every problem in the input
 * is reported at once, each naming the source, the field path and what was expected.
 *
 * <p>Profiles are untrusted input: the parsers are limited in size ({@value #MAX_BYTES} bytes), nesting depth, string
 * length and YAML aliases, and nothing in a profile selects a Java type. Instances are immutable and thread-safe;
 * build one and share it.
 */
public final class ProfileReader {
    /** The largest profile accepted, in bytes. Real profiles are under 2 KB. */
    public static final int MAX_BYTES = 64 * 1024;
    /** The most problems listed for one profile; the rest are counted in one last problem. */
    public static final int MAX_PROBLEMS = 50;
    private static final int MAX_DEPTH = 16;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The two syntaxes a profile may be written in. */
    public enum Format {
        JSON, YAML;

        /** The format a file's extension names ({@code .json}, {@code .yaml}, {@code .yml}), or {@code null}. */
        public static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".json")) return JSON;
            if (name.endsWith(".yaml") || name.endsWith(".yml")) return YAML;
            return null;
        }
    }

    private final ObjectMapper json;
    private final ObjectMapper yaml;

    public ProfileReader() {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_BYTES)
                .maxNumberLength(32)
                .maxDocumentLength(MAX_BYTES)
                .build();
        JsonFactory jsonFactory = JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        json = JsonMapper.builder(jsonFactory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

        LoaderOptions yamlLimits = new LoaderOptions();
        yamlLimits.setAllowDuplicateKeys(false);
        yamlLimits.setMaxAliasesForCollections(10);
        yamlLimits.setAllowRecursiveKeys(false);
        yamlLimits.setNestingDepthLimit(MAX_DEPTH);
        yamlLimits.setCodePointLimit(MAX_BYTES);
        YAMLFactory yamlFactory = YAMLFactory.builder()
                .loaderOptions(yamlLimits)
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // YAML 1.2 booleans only: "crossesLegs: no" is the value no, not false.
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .build();
        yaml = YAMLMapper.builder(yamlFactory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    /** Reads one {@code .json}, {@code .yaml} or {@code .yml} profile file. */
    public Profile read(Path file) throws InvalidProfileException {
        Problems problems = new Problems(file.toString());
        Format format = Format.of(file);
        if (format == null) {
            problems.add("", "expected a file ending in .json, .yaml or .yml");
            problems.throwIfAny();
        }
        String irregular = InputFile.notRegular(file);
        if (irregular != null) {
            problems.add("", irregular);
            problems.throwIfAny();
        }
        byte[] content;
        try {
            content = InputFile.readAtMost(file, MAX_BYTES);
        } catch (InputFile.TooLarge e) {
            throw new InvalidProfileException(List.of(new Problem(file.toString(), 0, "", e.describe(MAX_BYTES))));
        } catch (NoSuchFileException e) {
            throw new InvalidProfileException(List.of(new Problem(file.toString(), 0, "", "no such file")));
        } catch (IOException e) {
            throw new InvalidProfileException(List.of(new Problem(file.toString(), 0, "", "cannot be read: " + e)));
        }
        return parse(file.toString(), content, format);
    }

    /** Parses and validates one profile held in memory; {@code source} names it in problems. */
    public Profile parse(String source, String content, Format format) throws InvalidProfileException {
        return parse(source, content.getBytes(StandardCharsets.UTF_8), format);
    }

    /** Parses and validates one profile held in memory; {@code source} names it in problems. */
    public Profile parse(String source, byte[] content, Format format) throws InvalidProfileException {
        Problems problems = new Problems(source);
        if (content.length > MAX_BYTES) {
            problems.add("", "the input has " + content.length + " bytes; expected a profile of at most " + MAX_BYTES);
            problems.throwIfAny();
        }
        int malformed = malformedUtf8(content);
        if (malformed >= 0) {
            // Jackson's own decoding takes an overlong form (0xC0 0xAE) for the character it spells ('.')
            problems.addAt(lineAt(content, malformed), "", "not valid UTF-8 at byte " + (malformed + 1)
                    + " (0x" + String.format("%02X", content[malformed] & 0xFF) + "); expected text in UTF-8");
            problems.throwIfAny();
        }
        JsonNode tree = null;
        try {
            if (format == Format.YAML) rejectAliases(content, problems);
            problems.throwIfAny();
            tree = (format == Format.JSON ? json : yaml).readTree(content);
        } catch (JsonProcessingException e) {
            syntaxProblem(e, format, problems);
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports some limits (aliases, code points) as unchecked exceptions.
            problems.add("", "not well-formed " + format + ": " + oneLine(e.getMessage()));
        }
        problems.throwIfAny();
        Profile profile = toProfile(tree, problems);
        problems.throwIfAny();
        return profile;
    }

    /** The offset of the first byte that is not well-formed UTF-8 (an overlong form, a surrogate, a cut sequence), or -1. */
    static int malformedUtf8(byte[] content) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(content.length), true);
        return result.isError() ? in.position() : -1;
    }

    private static int lineAt(byte[] content, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (content[i] == '\n') line++;
        }
        return line;
    }

    /**
     * Jackson reads a YAML alias ({@code *name}) as the text {@code name}, which would turn a reused value into a
     * confusing "got name" problem; profiles have no use for aliases, so each is reported for what it is.
     */
    private void rejectAliases(byte[] content, Problems problems) throws IOException {
        try (JsonParser parser = yaml.getFactory().createParser(content)) {
            while (parser.nextToken() != null) {
                if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
                    problems.addAt(parser.currentLocation().getLineNr(), pathOf(parser), "a YAML alias (*"
                            + parser.getText() + "); expected the value written out, since profiles do not use aliases");
                }
            }
        }
    }

    private static void syntaxProblem(JsonProcessingException e, Format format, Problems problems) {
        String message = oneLine(e.getOriginalMessage());
        String field = "";
        if (e instanceof StreamReadException read && read.getProcessor() != null
                && message.startsWith("Duplicate field")) {
            field = pathOf(read.getProcessor());
            message = "duplicate key; expected each field once";
        } else {
            message = "not well-formed " + format + ": " + message;
        }
        JsonLocation where = e.getLocation();
        problems.addAt(where == null ? 0 : Math.max(where.getLineNr(), 0), field, message);
    }

    private static String pathOf(JsonParser parser) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        return pointer.replaceFirst("^/", "").replace('/', '.');
    }

    private static String oneLine(String message) {
        if (message == null) return "unreadable input";
        String line = message.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static Profile toProfile(JsonNode tree, Problems problems) {
        Fields root = Fields.root(tree, problems);
        if (root == null) return null;
        String id = root.text("id", ID, "1-64 characters of A-Z a-z 0-9 . _ -", true);
        Integer age = root.whole("age", 18, 110, true);
        Smoking smoking = smoking(root.section("smoking"), problems);
        Sleep sleep = sleep(root.section("sleep"));
        Sitting sitting = sitting(root.section("sitting"), problems);
        Diet diet = diet(root.section("diet"));
        Hydration hydration = hydration(root.section("hydration"));
        Pain pain = pain(root.section("pain"), age, problems);
        Activity activity = activity(root.section("activity"), problems);
        Program program = program(root.section("program"), problems);
        Clinician clinician = clinician(root.section("clinician"), pain, problems);
        root.finish();
        if (sleep != null && sitting != null && sleep.hoursPerNight() != null && sitting.hoursPerDay() != null
                && sleep.hoursPerNight() + sitting.hoursPerDay() > 24) {
            problems.add("sitting.hoursPerDay", "expected sitting.hoursPerDay and sleep.hoursPerNight to add up to"
                    + " at most 24 hours, got " + sitting.hoursPerDay() + " + " + sleep.hoursPerNight());
        }
        if (!problems.isEmpty()) return null;
        return new Profile(id, age, smoking, sleep, sitting, diet, hydration, pain, activity, program, clinician);
    }

    private static Program program(Fields f, Problems problems) {
        if (f == null) return null;
        Integer week = f.whole("week", 1, 520, true);
        LastWeek lastWeek = lastWeek(f.section("lastWeek"), problems);
        f.finish();
        if (week != null && week == 1 && lastWeek != null) {
            problems.add(f.pathOf("lastWeek"), "expected no lastWeek in week 1, the first week of a programme");
        }
        return week == null ? null : new Program(week, lastWeek);
    }

    private static LastWeek lastWeek(Fields f, Problems problems) {
        if (f == null) return null;
        Integer planned = f.whole("plannedMinutes", 0, 5000, true);
        Integer completed = f.whole("completedMinutes", 0, 5000, false);
        List<ActivityType> activities = f.choices("activities", ActivityType.class);
        Integer pain = f.whole("painDuringMax", 0, 10, false);
        Boolean settled = f.bool("painSettledNextMorning", false);
        Integer effort = f.whole("effort", 0, 10, false);
        List<RedFlag> redFlags = f.choices("redFlags", RedFlag.class);
        Integer comfortable = f.whole("comfortableWeeks", 0, 520, false);
        f.finish();
        if (planned != null && completed != null && completed > planned) {
            problems.add(f.pathOf("completedMinutes"), "expected at most program.lastWeek.plannedMinutes (" + planned
                    + "), got " + completed);
        }
        if (completed != null && completed == 0 && activities != null && !activities.isEmpty()) {
            problems.add(f.pathOf("activities"), "expected no activities when program.lastWeek.completedMinutes is 0");
        }
        return planned == null ? null
                : new LastWeek(planned, completed, activities, pain, settled, effort, redFlags, comfortable);
    }

    /**
     * The clinician's section. Every assessed flag must be one that {@code pain.redFlags} reports, once: a clinician
     * assesses what the person reports, and two entries for one flag could disagree.
     */
    private static Clinician clinician(Fields f, Pain pain, Problems problems) {
        if (f == null) return null;
        List<Fields> entries = f.objects("assessed", "an object with flag, on, outcome and (optionally) by");
        List<Assessment> assessed = new ArrayList<>();
        List<RedFlag> seen = new ArrayList<>();
        boolean ok = true;
        for (Fields entry : entries == null ? List.<Fields>of() : entries) {
            RedFlag flag = entry.choice("flag", RedFlag.class, true);
            LocalDate on = entry.date("on", true);
            AssessmentOutcome outcome = entry.choice("outcome", AssessmentOutcome.class, true);
            String by = entry.freeText("by", 100, false, false);
            entry.finish();
            if (flag != null && seen.contains(flag)) {
                problems.add(entry.pathOf("flag"), WireName.of(flag) + " is assessed twice; expected one entry for"
                        + " each flag");
                ok = false;
            } else if (flag != null && (pain == null || !pain.redFlags().contains(flag))) {
                problems.add(entry.pathOf("flag"), "expected a flag that pain.redFlags reports, got "
                        + WireName.of(flag) + (pain == null || !pain.redFlagsScreened()
                        ? " (red flags were not screened)" : ""));
                ok = false;
            }
            if (flag != null) seen.add(flag);
            if (flag == null || on == null || outcome == null) ok = false;
            else assessed.add(new Assessment(flag, on, outcome, by));
        }
        AllowedIntensity ceiling = f.choice("intensityCeiling", AllowedIntensity.class, false);
        List<ActivityType> excluded = f.choices("excludeActivities", ActivityType.class);
        String note = f.freeText("note", 500, true, false);
        f.finish();
        return ok ? new Clinician(assessed, ceiling, excluded, note) : null;
    }

    private static Smoking smoking(Fields f, Problems problems) {
        if (f == null) return null;
        SmokingStatus status = f.choice("status", SmokingStatus.class, true);
        Integer perDay = f.whole("cigarettesPerDay", 0, 100, false);
        Boolean readyToQuit = f.bool("readyToQuit", false);
        f.finish();
        if (status != null && status != SmokingStatus.CURRENT && perDay != null && perDay > 0) {
            problems.add(f.pathOf("cigarettesPerDay"), "expected 0 or no value when smoking.status is "
                    + WireName.of(status) + ", got " + perDay);
        }
        return status == null ? null : new Smoking(status, perDay, readyToQuit);
    }

    private static Sleep sleep(Fields f) {
        if (f == null) return null;
        SleepPosition position = f.choice("position", SleepPosition.class, true);
        Double hours = f.number("hoursPerNight", 0, 24, false);
        Boolean stiffness = f.bool("wakesWithStiffness", false);
        f.finish();
        return position == null ? null : new Sleep(position, hours, stiffness);
    }

    private static Sitting sitting(Fields f, Problems problems) {
        if (f == null) return null;
        Double hours = f.number("hoursPerDay", 0, 24, false);
        Integer longest = f.whole("longestStretchMinutes", 0, 1440, false);
        LegCrossing legs = f.choice("crossesLegs", LegCrossing.class, false);
        Boolean footrest = f.bool("usesFootrest", false);
        f.finish();
        if (hours != null && longest != null && longest > hours * 60) {
            problems.add(f.pathOf("longestStretchMinutes"), "expected at most sitting.hoursPerDay in minutes ("
                    + Math.round(hours * 60) + "), got " + longest);
        }
        return new Sitting(hours, longest, legs, footrest);
    }

    private static Diet diet(Fields f) {
        if (f == null) return null;
        Diet diet = new Diet(
                f.whole("addedSugarServingsPerDay", 0, 50, false),
                f.whole("processedMealsPerWeek", 0, 50, false),
                f.whole("fruitVegServingsPerDay", 0, 50, false),
                f.whole("wholeGrainServingsPerDay", 0, 50, false),
                f.whole("fattyFishServingsPerWeek", 0, 50, false));
        f.finish();
        return diet;
    }

    private static Hydration hydration(Fields f) {
        if (f == null) return null;
        Hydration hydration = new Hydration(f.number("waterCupsPerDay", 0, 40, false), f.bool("mostlyInEvening", false));
        f.finish();
        return hydration;
    }

    private static Pain pain(Fields f, Integer age, Problems problems) {
        if (f == null) return null;
        Integer current = f.whole("currentIntensity", 0, 10, true);
        Integer usual = f.whole("usualIntensity", 0, 10, false);
        Integer worst = f.whole("worstIntensityLastMonth", 0, 10, false);
        List<PainArea> areas = f.choices("areas", PainArea.class);
        Integer weeks = f.whole("durationWeeks", 0, 5200, false);
        Integer flares = f.whole("flaresLastYear", 0, 365, false);
        FearOfMovement fear = f.choice("fearOfMovement", FearOfMovement.class, false);
        // absent: red flags were not asked (not screened); an empty list: asked, none reported
        boolean screened = f.has("redFlags");
        List<RedFlag> redFlags = f.choices("redFlags", RedFlag.class);
        // flags a record holds (a cancer on a problem list) whether or not anyone screened today: acted on all the same
        List<RedFlag> recorded = f.choices("recordedRedFlags", RedFlag.class);
        StartBack startBack = startBack(f.section("startBack"));
        PainTrend trend = f.choice("trend", PainTrend.class, false);
        f.finish();
        if (current != null && worst != null && worst < current) {
            problems.add(f.pathOf("worstIntensityLastMonth"), "expected at least pain.currentIntensity ("
                    + current + "), got " + worst);
        }
        if (age != null && weeks != null && weeks > age * 52) {
            problems.add(f.pathOf("durationWeeks"), "expected at most the person's age in weeks (" + age * 52
                    + "), got " + weeks);
        }
        if (current == null || (screened && redFlags == null) || (f.has("recordedRedFlags") && recorded == null)) {
            return null;
        }
        if (recorded != null) {
            List<RedFlag> all = new ArrayList<>(redFlags == null ? List.of() : redFlags);
            recorded.stream().filter(flag -> !all.contains(flag)).forEach(all::add);
            redFlags = all;
        }
        return new Pain(current, usual, worst, areas, weeks, flares, fear, redFlags, screened, startBack, trend);
    }

    private static StartBack startBack(Fields f) {
        if (f == null) return null;
        Boolean[] answers = {
            f.bool("legPain", true), f.bool("shoulderOrNeckPain", true), f.bool("walkOnlyShortDistances", true),
            f.bool("dressedMoreSlowly", true), f.bool("notSafeToBeActive", true), f.bool("worryingThoughts", true),
            f.bool("painTerribleNeverBetter", true), f.bool("notEnjoyedThings", true)
        };
        Bothersomeness bothersomeness = f.choice("bothersomeness", Bothersomeness.class, true);
        f.finish();
        for (Boolean answer : answers) {
            if (answer == null) return null;
        }
        if (bothersomeness == null) return null;
        return new StartBack(answers[0], answers[1], answers[2], answers[3], answers[4], answers[5], answers[6],
                answers[7], bothersomeness);
    }

    private static Activity activity(Fields f, Problems problems) {
        if (f == null) return null;
        Integer minutes = f.whole("activeMinutesPerWeek", 0, 5000, false);
        List<ActivityType> likes = f.choices("likes", ActivityType.class);
        List<ActivityType> dislikes = f.choices("dislikes", ActivityType.class);
        List<DayOfWeek> days = f.choices("availableDays", DayOfWeek.class);
        Integer perSession = f.whole("minutesPerSession", 5, 240, false);
        f.finish();
        if (likes != null && dislikes != null) {
            for (ActivityType disliked : dislikes) {
                if (likes.contains(disliked)) {
                    problems.add(f.pathOf("dislikes"), WireName.of(disliked)
                            + " is also in activity.likes; expected an activity to be liked or disliked, not both");
                }
            }
        }
        return new Activity(minutes, likes, dislikes, days, perSession);
    }
}
