package org.backcare.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads the fields of one object of a parsed profile, recording a {@link Problem} for each field that is missing, of
 * the wrong type or out of range, and (in {@link #finish()}) for each field that was never asked for. A reader that
 * finds a problem returns {@code null}, so that reading goes on and every problem is reported at once.
 */
final class Fields {
    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final Set<String> known = new LinkedHashSet<>();

    private Fields(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** The top-level object, or {@code null} (with a problem recorded) when the input is not an object. */
    static Fields root(JsonNode node, Problems problems) {
        if (node == null || node.isMissingNode()) {
            problems.add("", "the input is empty; expected a profile object with at least id and age");
            return null;
        }
        if (!node.isObject()) {
            problems.add("", "expected a profile object at the top level, got " + describe(node));
            return null;
        }
        return new Fields(node, "", problems);
    }

    /** A nested object, or {@code null} when it is absent (not assessed) or not an object (a problem). */
    Fields section(String name) {
        JsonNode value = field(name);
        if (value == null) return null;
        if (!value.isObject()) {
            wrong(name, "an object", value);
            return null;
        }
        return new Fields(value, pathOf(name), problems);
    }

    Integer whole(String name, int min, int max, boolean required) {
        Supplier<String> expected = () -> "a whole number from " + min + " to " + max;
        JsonNode value = present(name, expected, required);
        if (value == null) return null;
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            wrong(name, expected.get(), value);
            return null;
        }
        return value.intValue();
    }

    Double number(String name, double min, double max, boolean required) {
        Supplier<String> expected = () -> "a number from " + format(min) + " to " + format(max);
        JsonNode value = present(name, expected, required);
        if (value == null) return null;
        double number = value.doubleValue();
        if (!value.isNumber() || !Double.isFinite(number) || number < min || number > max) {
            wrong(name, expected.get(), value);
            return null;
        }
        return number;
    }

    Boolean bool(String name, boolean required) {
        JsonNode value = present(name, () -> "true or false", required);
        if (value == null) return null;
        if (!value.isBoolean()) {
            wrong(name, "true or false", value);
            return null;
        }
        return value.booleanValue();
    }

    String text(String name, Pattern pattern, String expected, boolean required) {
        JsonNode value = present(name, () -> expected, required);
        if (value == null) return null;
        if (!value.isTextual() || !pattern.matcher(value.textValue()).matches()) {
            wrong(name, expected, value);
            return null;
        }
        return value.textValue();
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, boolean required) {
        JsonNode value = present(name, () -> "one of " + WireName.list(type), required);
        if (value == null) return null;
        E choice = value.isTextual() ? WireName.parse(type, value.textValue()).orElse(null) : null;
        if (choice == null) wrong(name, "one of " + WireName.list(type), value);
        return choice;
    }

    /** A list of distinct choices, or {@code null} when absent or when any element is wrong. */
    <E extends Enum<E>> List<E> choices(String name, Class<E> type) {
        JsonNode value = field(name);
        if (value == null) return null;
        if (!value.isArray()) {
            wrong(name, "a list of " + WireName.list(type), value);
            return null;
        }
        List<E> choices = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            String elementPath = pathOf(name) + "[" + i + "]";
            JsonNode element = value.get(i);
            E choice = element.isTextual() ? WireName.parse(type, element.textValue()).orElse(null) : null;
            if (choice == null) {
                problems.add(elementPath, "expected one of " + WireName.list(type) + ", got " + describe(element));
                ok = false;
            } else if (choices.contains(choice)) {
                problems.add(elementPath, WireName.of(choice) + " is listed twice; expected each at most once");
                ok = false;
            } else {
                choices.add(choice);
            }
        }
        return ok ? choices : null;
    }

    /**
     * A list of objects, each read by its own {@code Fields} (paths such as {@code clinician.assessed[0]}), or
     * {@code null} when absent or not a list (a problem); an element that is not an object is a problem and left out.
     */
    List<Fields> objects(String name, String expected) {
        JsonNode value = field(name);
        if (value == null) return null;
        if (!value.isArray()) {
            wrong(name, "a list of " + expected, value);
            return null;
        }
        List<Fields> objects = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String elementPath = pathOf(name) + "[" + i + "]";
            JsonNode element = value.get(i);
            if (element.isObject()) objects.add(new Fields(element, elementPath, problems));
            else problems.add(elementPath, "expected " + expected + ", got " + describe(element));
        }
        return objects;
    }

    /**
     * Free text of 1 to {@code max} characters with no control characters (but line breaks when {@code lines}), or
     * {@code null}.
     */
    String freeText(String name, int max, boolean lines, boolean required) {
        String expected = "text of 1 to " + max + " characters, without control characters"
                + (lines ? " other than line breaks" : "");
        JsonNode value = present(name, () -> expected, required);
        if (value == null) return null;
        String text = value.isTextual() ? value.textValue() : null;
        if (text == null || text.isEmpty() || text.codePointCount(0, text.length()) > max
                || text.codePoints().anyMatch(c -> Character.isISOControl(c) && !(lines && c == '\n'))) {
            wrong(name, expected, value);
            return null;
        }
        return text;
    }

    /** A real calendar date written {@code YYYY-MM-DD}, or {@code null}. */
    LocalDate date(String name, boolean required) {
        String expected = "a real date written YYYY-MM-DD";
        JsonNode value = present(name, () -> expected, required);
        if (value == null) return null;
        if (value.isTextual() && DATE.matcher(value.textValue()).matches()) {
            try {
                return LocalDate.parse(value.textValue(), DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                // not a real date: reported below
            }
        }
        wrong(name, expected, value);
        return null;
    }

    /** Records a problem for every field of this object that no reader asked for (misspelt or unknown fields). */
    void finish() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(pathOf(name), "unknown field; expected one of " + String.join(", ", known));
            }
        }
    }

    /** Whether the field is present (and asks for it, as every reader does). */
    boolean has(String name) {
        return field(name) != null;
    }

    String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private JsonNode field(String name) {
        known.add(name);
        return node.get(name);
    }

    private JsonNode present(String name, Supplier<String> expected, boolean required) {
        JsonNode value = field(name);
        if (value == null && required) {
            problems.add(pathOf(name), "required field is missing; expected " + expected.get());
        }
        return value;
    }

    private void wrong(String name, String expected, JsonNode value) {
        problems.add(pathOf(name), "expected " + expected + ", got " + describe(value));
    }

    static String describe(JsonNode value) {
        if (value.isNull()) return "null";
        if (value.isObject()) return "an object";
        if (value.isArray()) return "a list";
        if (value.isTextual()) {
            String text = value.textValue();
            return text.length() > 40 ? "a string of " + text.length() + " characters" : "\"" + text + "\"";
        }
        String text = value.asText();
        return text.length() > 40 ? "a number of " + text.length() + " digits" : text;
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
