package org.backcare.rules.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backcare.profile.ActivityType;
import org.backcare.profile.FearOfMovement;
import org.backcare.profile.LegCrossing;
import org.backcare.profile.PainArea;
import org.backcare.profile.PainTrend;
import org.backcare.profile.RedFlag;
import org.backcare.profile.SleepPosition;
import org.backcare.profile.SmokingStatus;
import org.backcare.profile.WireName;

/**
 * A recommendation's reasons in plain words for the person (PLAN.md version 3, {@code why}): the same facts that
 * {@code because} states for a clinician, with every profile field path put as a person would say it
 * ({@code pain.currentIntensity is 6} is "your pain today is 6 out of 10"), the thresholds in brackets and the
 * citations left out, in one sentence. The inverse of {@link Advise#fact}: each field a rule may name has its words
 * here, and a test holds that no plan's {@code why} names a field path. Stateless and thread-safe.
 */
public final class PlainWords {
    private PlainWords() {
    }

    /** How one profile field reads: for a value ({@code {v}} where it goes), for each enum value, when not given. */
    private record Field(String value, Map<String, String> values, String notGiven, Function<String, String> item) {
        static Field number(String words, String notGiven) {
            return new Field(words, Map.of(), notGiven, null);
        }

        static Field choice(Map<String, String> values, String notGiven) {
            return new Field(null, values, notGiven, null);
        }

        static Field list(String words, String empty, String notGiven, Function<String, String> item) {
            return new Field(words, Map.of("empty", empty), notGiven, item);
        }
    }

    private static final Map<String, Field> FIELDS = Map.ofEntries(
            Map.entry("age", Field.number("you are {v} years old", "your age was not given")),
            Map.entry("pain.currentIntensity", Field.number("your pain today is {v} out of 10",
                    "your pain today was not given")),
            Map.entry("pain.usualIntensity", Field.number("your usual pain is {v} out of 10",
                    "your usual pain was not given")),
            Map.entry("pain.durationWeeks", Field.number("you have had this pain for {v} weeks",
                    "how long you have had this pain was not given")),
            Map.entry("pain.flaresLastYear", Field.number("you had {v} flare-ups in the last year", null)),
            Map.entry("pain.fearOfMovement", Field.choice(Map.of(
                    "none", "you are not worried about moving", "low", "you are a little worried about moving",
                    "moderate", "you are quite worried about moving", "high", "you are very worried about moving"),
                    null)),
            Map.entry("pain.trend", Field.choice(Map.of("improving", "your pain is getting better",
                    "same", "your pain is about the same", "worsening", "your pain is getting worse"), null)),
            Map.entry("pain.areas", Field.list("your pain is in your {v}", "you gave no place for your pain",
                    "where you have pain was not given", PlainWords::area)),
            Map.entry("pain.redFlags", Field.list("you reported {v}", "you reported none of the warning signs",
                    "you were not asked about the warning signs", PlainWords::flag)),
            Map.entry("activity.activeMinutesPerWeek", Field.number("you are active for about {v} minutes a week",
                    "how active you are now is not known")),
            Map.entry("activity.likes", Field.list("you enjoy {v}", "you named no activity you enjoy", null,
                    PlainWords::words)),
            Map.entry("activity.dislikes", Field.list("you do not enjoy {v}", "you named no activity you dislike",
                    null, PlainWords::words)),
            Map.entry("activity.minutesPerSession", Field.number("you have up to {v} minutes a session", null)),
            Map.entry("activity.availableDays", Field.list("you have {v}", "you gave no day for activity", null,
                    PlainWords::words)),
            Map.entry("sleep.position", Field.choice(Map.of("back", "you sleep on your back",
                    "side", "you sleep on your side", "stomach", "you sleep on your stomach",
                    "mixed", "you sleep in more than one position"), null)),
            Map.entry("sleep.wakesWithStiffness", Field.choice(Map.of("true", "you wake up stiff",
                    "false", "you do not wake up stiff"), null)),
            Map.entry("sleep.hoursPerNight", Field.number("you sleep about {v} hours a night", null)),
            Map.entry("sitting.hoursPerDay", Field.number("you sit for about {v} hours a day", null)),
            Map.entry("sitting.longestStretchMinutes", Field.number("you sit for up to {v} minutes at a time", null)),
            Map.entry("sitting.usesFootrest", Field.choice(Map.of("true", "you use a footrest",
                    "false", "you do not use a footrest"), null)),
            Map.entry("sitting.crossesLegs", Field.choice(Map.of("no", "you do not cross your legs",
                    "alternating", "you cross your legs, changing sides", "same-side",
                    "you cross your legs, always the same way"), null)),
            Map.entry("smoking.status", Field.choice(Map.of("current", "you smoke", "former", "you used to smoke",
                    "never", "you have never smoked"), null)),
            Map.entry("smoking.cigarettesPerDay", Field.number("you smoke about {v} cigarettes a day", null)),
            Map.entry("smoking.readyToQuit", Field.choice(Map.of("true", "you are ready to quit",
                    "false", "you are not ready to quit yet"), "you did not say whether you are ready to quit")),
            Map.entry("diet.processedMealsPerWeek", Field.number("you eat about {v} processed meals a week", null)),
            Map.entry("diet.addedSugarServingsPerDay", Field.number(
                    "you have about {v} servings of added sugar a day", null)),
            Map.entry("diet.fruitVegServingsPerDay", Field.number(
                    "you eat about {v} servings of fruit and vegetables a day", null)),
            Map.entry("diet.wholeGrainServingsPerDay", Field.number(
                    "you eat about {v} servings of whole grains a day", null)),
            Map.entry("diet.fattyFishServingsPerWeek", Field.number("you eat {v} servings of oily fish a week",
                    null)),
            Map.entry("hydration.waterCupsPerDay", Field.number("you drink about {v} cups of water a day", null)),
            Map.entry("hydration.mostlyInEvening", Field.choice(Map.of(
                    "true", "you drink most of your water in the evening",
                    "false", "you drink your water through the day"), null)),
            Map.entry("program.lastWeek.completedMinutes", Field.number("last week you did {v} minutes", null)),
            Map.entry("program.lastWeek.plannedMinutes", Field.number("last week's plan held {v} minutes", null)),
            Map.entry("program.lastWeek.painDuringMax", Field.number(
                    "last week your pain during activity reached {v} out of 10", null)),
            Map.entry("program.lastWeek.painSettledNextMorning", Field.choice(Map.of(
                    "true", "last week your pain settled by the next morning",
                    "false", "last week your pain had not settled by the next morning"), null)),
            Map.entry("program.lastWeek.effort", Field.number("last week felt {v} out of 10 for effort", null)),
            Map.entry("program.lastWeek.comfortableWeeks", Field.number(
                    "you have had {v} comfortable weeks in a row", null)),
            Map.entry("program.lastWeek.redFlags", Field.list("last week you also reported {v}, not yet checked",
                    "last week you reported no warning signs", null, PlainWords::flag)),
            Map.entry("clinician.intensityCeiling", Field.choice(Map.of(
                    "gentle", "your clinician asked you to keep to gentle activity",
                    "light", "your clinician asked you to keep to light activity",
                    "moderate", "your clinician asked you to keep to moderate activity",
                    "vigorous", "your clinician allows up to vigorous activity"), null)),
            Map.entry("clinician.excludeActivities", Field.list("your clinician left out {v}", "", null,
                    PlainWords::words)));

    /** What last week's feedback fields are, for "program.lastWeek does not report ...". */
    private static final Map<String, String> FEEDBACK = Map.of(
            "completedMinutes", "the minutes you did", "plannedMinutes", "the minutes planned",
            "painDuringMax", "your highest pain", "painSettledNextMorning", "whether your pain settled by morning",
            "effort", "how hard it felt");

    /** Warning signs as a person would name them, where the wire name alone would not do. */
    private static final Map<String, String> FLAGS = Map.of(
            "sciatica-both-legs", "pain down both legs", "iv-drug-use", "injecting drug use",
            "immunosuppressed", "a weakened immune system", "inflammatory-pattern", "signs of inflammatory back pain",
            "osteoporosis-or-steroids", "osteoporosis or long-term steroid use",
            "new-sexual-dysfunction", "new sexual problems");

    /** Activities, warning signs and pain areas whose names have hyphens: {@code water-aerobics}. */
    private static final Set<String> WIRE_NAMES = Set.copyOf(wireNames());

    private static final Pattern FLARE = Pattern.compile(
            "pain\\.currentIntensity is (\\d+), 2 or more above pain\\.usualIntensity is (\\d+)");
    private static final Pattern NOT_REPORTED = Pattern.compile("program\\.lastWeek does not report ([A-Za-z, ]+)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern TOKENS = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*(, [a-z0-9]+(-[a-z0-9]+)*)*");
    /** A threshold in brackets right after a value, "(5 or more)", "(over 12: lasting)": for clinicians. */
    private static final Pattern THRESHOLD = Pattern.compile(" \\((?!\\d+%\\))[^()]*\\)");
    private static final Pattern CITATION = Pattern.compile(" \\([^()]*(et al\\.|\\d{4})[^()]*\\)");

    /** The most reasons a {@code why} states one by one; {@code because} holds them all. */
    static final int MOST_STATED = 3;

    /**
     * The reasons in at most two plain sentences. The first: each reason in plain words, said once, those about the
     * same fact put together ("your pain today is 7 out of 10: light at most and a day of rest"), at most
     * {@value #MOST_STATED} of them, joined by semicolons. The second: the activities held back this week, named
     * together by why (pain, a doctor's check, the spine's protection, the session length), and how many reasons the
     * first left for the full plan.
     */
    public static String why(List<String> because) {
        return why(because, PlainWords::reason);
    }

    /** As {@link #why(List)}, with each reason put in plain words by {@code inWords} (a {@link Memo}, say). */
    public static String why(List<String> because, Function<String, String> inWords) {
        Map<String, List<String>> bySubject = new LinkedHashMap<>();
        // activities held back, by why: each kind is said once, with its own reason
        Map<String, Set<String>> held = new LinkedHashMap<>();
        for (String reason : because) {
            int space = reason.indexOf(' ');
            if (space > 0 && ACTIVITIES.contains(reason.substring(0, space))) {
                Matcher kind = HELD.matcher(reason);
                if (kind.lookingAt()) {
                    held.computeIfAbsent(heldBecause(kind.group(2)), k -> new LinkedHashSet<>()).add(words(kind.group(1)));
                    continue;
                }
            }
            String plain = shortFinding(inWords.apply(reason)).strip();
            if (plain.isEmpty()) continue;
            int colon = subjectEnd(plain);
            String subject = colon < 0 ? plain : plain.substring(0, colon);
            List<String> said = bySubject.computeIfAbsent(subject, key -> new ArrayList<>());
            String consequence = colon < 0 ? null : plain.substring(colon + 2);
            if (consequence != null && !said.contains(consequence)) said.add(consequence);
        }
        List<String> clauses = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : bySubject.entrySet()) {
            List<String> consequences = entry.getValue();
            clauses.add(consequences.isEmpty() ? entry.getKey()
                    : entry.getKey() + ": " + String.join(" and ", consequences));
        }
        List<String> sentences = new ArrayList<>(2);
        if (!clauses.isEmpty()) {
            sentences.add(sentence(String.join("; ", clauses.subList(0, Math.min(MOST_STATED, clauses.size())))));
        }
        List<String> second = new ArrayList<>(2);
        for (Map.Entry<String, Set<String>> kind : held.entrySet()) {
            List<String> names = List.copyOf(kind.getValue());
            second.add(listed(names) + kind.getKey().replace("{s}", names.size() == 1 ? "s" : ""));
        }
        int more = clauses.size() - MOST_STATED;
        if (more > 0) second.add("the full plan lists " + more + " more reason" + (more == 1 ? "" : "s"));
        if (!second.isEmpty()) sentences.add(sentence(String.join("; ", second)));
        return String.join(" ", sentences);
    }

    /** Where a plain reason's subject ends: its first ": " outside brackets, or -1. */
    private static int subjectEnd(String plain) {
        int depth = 0;
        for (int i = 0; i + 1 < plain.length(); i++) {
            char c = plain.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ':' && depth == 0 && plain.charAt(i + 1) == ' ') return i;
        }
        return -1;
    }

    private static final Set<String> ACTIVITIES = java.util.Arrays.stream(ActivityType.values()).map(WireName::of)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * Reasons already put in plain words, for one planner: most reasons recur from plan to plan ("sleep.position is
     * side"), and looking one up costs a fraction of wording it. Holds at most {@value #MOST_REMEMBERED}; thread-safe.
     */
    public static final class Memo implements Function<String, String> {
        private final java.util.concurrent.ConcurrentHashMap<String, String> remembered =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public String apply(String reason) {
            String plain = remembered.get(reason);
            if (plain != null) return plain;
            plain = reason(reason);
            if (remembered.size() < MOST_REMEMBERED) remembered.putIfAbsent(reason, plain);
            return plain;
        }
    }

    /** The most reasons a {@link Memo} remembers: a few MB at most, and more than a rule set's usual reasons. */
    static final int MOST_REMEMBERED = 20_000;

    /** A reason that an activity waits or is left out this week: "running (high impact) waits while ...". */
    private static final Pattern HELD = Pattern.compile(
            "(" + String.join("|", ACTIVITIES) + ") (?:\\([^)]*\\) )?(waits until a clinician|waits|is left out"
                    + "|needs sessions)");

    /** Why activities are held back, in words, by the verb of their reason ({s}: "s" after one activity). */
    private static String heldBecause(String verb) {
        return switch (verb) {
            case "waits until a clinician" -> " wait{s} until a doctor has checked your spine";
            case "is left out" -> " stay{s} out of your plan to protect your spine";
            case "needs sessions" -> " need{s} longer sessions than you have this week";
            default -> " wait{s} for now, while your pain is high";
        };
    }

    /**
     * A reason that states a finding with the finding's own reasons nested in it ("fragility (vertebral) fracture
     * suspected: you are 83 years old; ...: no exercise bends the spine forward") without the nested ones, which the
     * finding itself lists: "fragility (vertebral) fracture suspected: no exercise bends the spine forward".
     */
    private static String shortFinding(String plain) {
        int suspected = plain.indexOf(" suspected: ");
        if (suspected < 0 || plain.indexOf("; ", suspected) < 0) return plain;
        String name = plain.substring(0, suspected + " suspected".length());
        String last = plain.substring(plain.lastIndexOf(": ") + 2);
        return last.contains("; ") || plain.lastIndexOf(": ") == suspected + " suspected".length() ? name
                : name + ": " + last;
    }

    private static String sentence(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
    }

    /** One reason in plain words. */
    public static String reason(String reason) {
        return tidied(fieldsInWords(prepared(reason)));
    }

    /** A reason with its citations left out, and flares and missing feedback said in words. */
    private static String prepared(String reason) {
        String text = reason;
        // the regular expressions run only where their text can be: most reasons need none of them
        if (citesInBrackets(text)) text = CITATION.matcher(text).replaceAll("");
        if (text.contains(" above pain.usualIntensity")) {
            text = FLARE.matcher(text).replaceAll(m -> {
                if (m.group(1).length() > 2 || m.group(2).length() > 2) return m.group();   // not a 0-10 score
                int now = Integer.parseInt(m.group(1));
                int usual = Integer.parseInt(m.group(2));
                return "your pain today is " + now + " out of 10, " + (now - usual) + " more than your usual " + usual;
            });
        }
        if (text.contains("program.lastWeek does not report")) {
            text = NOT_REPORTED.matcher(text).replaceAll(m -> "last week's feedback left out " + feedback(m.group(1)));
        }
        return text;
    }

    /** Each "field.path is value" of a reason said in words, and the threshold in brackets after it left out. */
    private static String fieldsInWords(String text) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        int from = 0;
        for (int at = nextPath(text, 0); at >= 0; at = nextPath(text, from)) {
            int pathEnd = at;
            while (pathEnd < text.length() && (Character.isLetter(text.charAt(pathEnd)) || text.charAt(pathEnd) == '.')) {
                pathEnd++;
            }
            String path = text.substring(at, pathEnd);
            Field field = FIELDS.get(path);
            String verb = field == null ? null : verb(text, pathEnd);
            if (verb == null) {
                out.append(text, from, pathEnd);
                from = pathEnd;
                continue;
            }
            out.append(text, from, at);
            int afterVerb = pathEnd + verb.length();
            int end = afterVerb;
            String words;
            if (verb.equals(" was not given") || verb.equals(" is not known")) {
                words = field.notGiven() != null ? field.notGiven()
                        : words(path.substring(path.lastIndexOf('.') + 1)) + " was not given";
            } else if (verb.equals(" is empty")) {
                words = field.values().getOrDefault("empty", "none");
            } else if (verb.equals(" has ") && field.value() != null) {
                words = field.value().replace(" {v}", "");
                end = afterVerb - 1;
            } else {
                Matcher number = NUMBER.matcher(text).region(afterVerb, text.length());
                Matcher tokens = TOKENS.matcher(text).region(afterVerb, text.length());
                if (field.value() != null && field.item() == null && number.lookingAt()) {
                    words = field.value().replace("{v}", number.group());
                    end = number.end();
                } else if (field.item() != null && tokens.lookingAt()) {
                    List<String> items = new ArrayList<>();
                    for (String item : tokens.group().split(", ")) items.add(field.item().apply(item));
                    words = field.value().replace("{v}", listed(items));
                    end = tokens.end();
                } else if (tokens.lookingAt() && field.values().containsKey(firstToken(tokens.group()))) {
                    String value = firstToken(tokens.group());
                    words = field.values().get(value);
                    end = afterVerb + value.length();
                } else {
                    words = words(path.substring(path.lastIndexOf('.') + 1)) + verb;
                }
            }
            out.append(words);
            from = end;
            if (text.startsWith(" (", end)) {
                Matcher threshold = THRESHOLD.matcher(text).region(end, text.length());
                if (threshold.lookingAt()) from = threshold.end();
            }
        }
        out.append(text, from, text.length());
        return out.toString();
    }

    /** The last words: STarT Back's, urgency's, wire names', units and numbers read as a person says them. */
    private static String tidied(String said) {
        String plain = said;
        if (plain.contains("STarT Back")) {
            plain = plain.replace("STarT Back: feels it is not safe for them to be active",
                            "you feel it is not safe for you to be active")
                    .replace("STarT Back total is ", "your STarT Back score is ")
                    .replace("STarT Back psychosocial subscale is ", "your STarT Back score for worry and mood is ")
                    .replace(" of 9", " out of 9").replace(" of 5", " out of 5");
        }
        if (plain.contains("within ")) {
            plain = plain.replace("within 1-week", "within a week").replace("within 24-hours", "within 24 hours")
                    .replace("(within now)", "(now)").replace("within routine", "at a routine appointment");
        }
        if (plain.indexOf('-') >= 0) plain = wireWords(plain);
        plain = plain.replace("for 0 weeks", "for less than a week").replace(" with your pain", " and your pain");
        if (hasPainScore(plain)) plain = PAIN_SCORE.matcher(plain).replaceAll("$0 out of 10");
        if (plain.contains("about 0 ") || plain.contains("did 0 ") || plain.contains("had 0 ")
                || plain.contains("eat 0 ")) {
            plain = NONE.matcher(plain).replaceAll("no $1");
        }
        if (plain.contains("1 ")) plain = singular(plain);
        return plain.contains(" (") ? THRESHOLD_LEFT.matcher(plain).replaceAll("") : plain;
    }

    /** The first letters of the profile's sections, where a field path can start. */
    private static final String PATH_STARTS = "apsdhc";

    /** Where the next word that may be a field path ("pain.areas", "age") starts, from {@code from}, or -1. */
    private static int nextPath(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (PATH_STARTS.indexOf(text.charAt(i)) < 0 || (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)))) {
                continue;
            }
            int end = i;
            boolean dotted = false;
            while (end < text.length() && (Character.isLetter(text.charAt(end)) || text.charAt(end) == '.')) {
                dotted |= text.charAt(end) == '.' && end + 1 < text.length() && Character.isLetter(text.charAt(end + 1));
                end++;
            }
            if (dotted || text.startsWith("age ", i)) return i;
            i = end;
        }
        return -1;
    }

    /** Whether the text has a citation in brackets: "(Brooke-Wavell et al. 2022)", "(WHO 2020)". */
    private static boolean citesInBrackets(String text) {
        for (int open = text.indexOf('('); open >= 0; open = text.indexOf('(', open + 1)) {
            int close = text.indexOf(')', open);
            if (close < 0) return false;
            for (int i = open + 1; i + 4 <= close; i++) {
                if ((text.startsWith("19", i) || text.startsWith("20", i)) && i + 4 <= close
                        && Character.isDigit(text.charAt(i + 2)) && Character.isDigit(text.charAt(i + 3))
                        && (i + 4 == close || !Character.isDigit(text.charAt(i + 4)))
                        && !Character.isDigit(text.charAt(i - 1))) {
                    return true;
                }
            }
            if (text.substring(open, close).contains("et al.")) return true;
        }
        return false;
    }

    private static final List<String> VERBS = List.of(" was not given", " is not known", " is empty", " is ",
            " includes ", " has ");

    /** The verb after a field path at {@code at}, or {@code null}. */
    private static String verb(String text, int at) {
        for (String verb : VERBS) if (text.startsWith(verb, at)) return verb;
        return null;
    }

    /** Hyphenated wire names (activities, warning signs, pain areas) in words. */
    private static String wireWords(String text) {
        StringBuilder out = null;
        int i = 0;
        while (i < text.length()) {
            if (!Character.isLetter(text.charAt(i)) || (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && (Character.isLetter(text.charAt(end)) || text.charAt(end) == '-')) end++;
            String word = text.substring(i, end);
            if (word.indexOf('-') > 0 && WIRE_NAMES.contains(word)) {
                if (out == null) out = new StringBuilder(text.length()).append(text, 0, i);
                out.append(words(word));
            } else if (out != null) {
                out.append(word);
            }
            i = end;
            if (out != null && i < text.length()) {
                // copy what follows up to the next word start
                int next = i;
                while (next < text.length() && !Character.isLetter(text.charAt(next))) next++;
                out.append(text, i, next);
                i = next;
            }
        }
        return out == null ? text : out.toString();
    }

    /** "about 0 servings", "did 0 minutes": "no servings", "no minutes" (no plan text says "0 minutes"). */
    private static final Pattern NONE = Pattern.compile("(?:\\babout |(?<=did |had |eat ))0 (\\w+)");
    /** A pain score in a rule's own words, without its scale: "pain under 4", "pain of 7 or more", "above 5". */
    private static final Pattern PAIN_SCORE = Pattern.compile(
            "\\bpain (?:rose )?(?:under|over|above|below|of) \\d+(?: or (?:more|less))?(?! out of)");

    private static final List<String> PAIN_SCORE_STARTS = List.of("pain under ", "pain over ", "pain above ",
            "pain below ", "pain of ", "pain rose ");

    /** Whether {@link #PAIN_SCORE} can match: most reasons say "your pain today is", which it leaves alone. */
    private static boolean hasPainScore(String text) {
        for (String start : PAIN_SCORE_STARTS) if (text.contains(start)) return true;
        return false;
    }

    /** Nouns that follow a number in plain reasons, which take no "s" after 1. */
    private static final List<String> COUNTED = List.of("servings", "weeks", "cups", "hours", "minutes", "meals",
            "cigarettes", "flare-ups", "days", "processed meals");

    /** "1 servings", "1 weeks": singular. */
    private static String singular(String text) {
        StringBuilder out = null;
        int from = 0;
        for (int at = text.indexOf("1 "); at >= 0; at = text.indexOf("1 ", at + 2)) {
            if (at > 0 && (Character.isDigit(text.charAt(at - 1)) || text.charAt(at - 1) == '.')) continue;
            for (String noun : COUNTED) {
                int end = at + 2 + noun.length();
                if (text.startsWith(noun, at + 2) && (end == text.length() || !Character.isLetter(text.charAt(end)))) {
                    if (out == null) out = new StringBuilder(text.length());
                    out.append(text, from, end - 1);
                    from = end;
                    break;
                }
            }
        }
        if (out == null) return text;
        return out.append(text, from, text.length()).toString();
    }

    /** Brackets that only state a threshold, wherever they are left ("(2 or more)"). */
    private static final Pattern THRESHOLD_LEFT = Pattern.compile(
            " \\((\\d+ or (more|less|over)|under \\d+|over \\d+)[^()]*\\)");

    private static String firstToken(String tokens) {
        int comma = tokens.indexOf(',');
        return comma < 0 ? tokens : tokens.substring(0, comma);
    }

    private static String feedback(String fields) {
        List<String> items = new ArrayList<>();
        for (String name : fields.split(",| and ")) {
            String field = name.strip();
            if (!field.isEmpty()) items.add(FEEDBACK.getOrDefault(field, words(field)));
        }
        return listed(items);
    }

    /** "a", "a and b", "a, b and c". */
    private static String listed(List<String> items) {
        if (items.size() <= 1) return String.join("", items);
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String area(String wire) {
        return words(wire);
    }

    /** A warning sign as PROFILE.md describes what the person reports: {@code fever} is "fever or feeling unwell". */
    public static String sign(String wire) {
        return SIGNS.getOrDefault(wire, flag(wire));
    }

    private static final Map<String, String> SIGNS = Map.ofEntries(
            Map.entry("bladder-or-bowel-change", "new trouble passing urine, or new incontinence"),
            Map.entry("saddle-numbness", "numbness around the genitals, buttocks or inner thighs"),
            Map.entry("progressive-leg-weakness", "leg weakness or numbness that is getting worse"),
            Map.entry("recent-major-trauma", "a bad fall, road accident or similar before the pain"),
            Map.entry("history-of-cancer", "cancer, now or in the past"),
            Map.entry("unexplained-weight-loss", "losing weight without trying"),
            Map.entry("fever", "a fever, or feeling unwell, with the back pain"),
            Map.entry("osteoporosis-or-steroids", "osteoporosis or long-term steroid use"),
            Map.entry("constant-night-pain", "pain that does not ease with rest and wakes you at night"),
            Map.entry("sciatica-both-legs", "pain, numbness or tingling down both legs"),
            Map.entry("new-sexual-dysfunction", "new loss of sexual function or feeling"),
            Map.entry("unsteady-walking", "new difficulty walking, unsteadiness or clumsy hands"),
            Map.entry("iv-drug-use", "injecting drugs"),
            Map.entry("immunosuppressed", "a weakened immune system"),
            Map.entry("recent-infection", "a recent infection"),
            Map.entry("inflammatory-pattern", "back pain that is worse in the morning and eases with movement"),
            Map.entry("older-age", "being 70 or older"));

    private static String flag(String wire) {
        return FLAGS.getOrDefault(wire, words(wire));
    }

    /** A wire name or camelCase field name in words: {@code water-aerobics} is "water aerobics". */
    private static String words(String name) {
        return name.replace('-', ' ').replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    private static List<String> wireNames() {
        List<String> names = new ArrayList<>();
        for (Class<? extends Enum<?>> type : List.of(ActivityType.class, RedFlag.class, PainArea.class,
                FearOfMovement.class, PainTrend.class, SmokingStatus.class, SleepPosition.class, LegCrossing.class)) {
            for (Enum<?> value : type.getEnumConstants()) {
                String wire = WireName.of(value);
                if (wire.contains("-")) names.add(wire);
            }
        }
        return names;
    }
}
