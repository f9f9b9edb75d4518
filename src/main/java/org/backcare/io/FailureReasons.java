package org.backcare.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Problem;

/**
 * The reasons a profile failed, worded and bounded the same wherever a run lists them (batch's
 * {@code failures.jsonl}, the Spark job's failures): at most {@value #MAX_REASONS} reasons of at most
 * {@value #MAX_REASON_CHARS} characters each, so that a hostile input cannot blow up the output.
 */
public final class FailureReasons {
    public static final int MAX_REASONS = 20;
    public static final int MAX_REASON_CHARS = 500;

    private static final JsonFactory JSON = new JsonFactory();

    private FailureReasons() {
    }

    /**
     * A failure as one line of JSON (no line break): its {@code source}, its {@code line} when above 0, its
     * {@code profileId} when known, and its reasons, {@link #bounded}.
     */
    public static String json(String source, long line, String profileId, List<String> reasons) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("source", source);
            if (line > 0) json.writeNumberField("line", line);
            if (profileId != null) json.writeStringField("profileId", profileId);
            json.writeArrayFieldStart("reasons");
            for (String reason : bounded(reasons)) json.writeString(reason);
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a string cannot fail to be written", e);
        }
        return text.toString();
    }

    /**
     * The problems of an invalid profile, one reason each: {@code field: message}, after {@code line N: } when
     * {@code withLines} (a whole file; in a {@code .jsonl} file the line is the input's own, and a parser's line
     * within it says nothing more).
     */
    public static List<String> of(InvalidProfileException e, boolean withLines) {
        return e.problems().stream().map(problem -> reason(problem, withLines)).toList();
    }

    private static String reason(Problem problem, boolean withLine) {
        String line = withLine && problem.line() > 0 ? "line " + problem.line() + ": " : "";
        return line + (problem.field().isEmpty() ? "" : problem.field() + ": ") + problem.message();
    }

    /** Why a profile is not planned when an earlier input has its id: only the first of them is. */
    public static String duplicate(String profileId) {
        return "duplicate profile id \"" + profileId + "\": an earlier input has the same id, and only the first is"
                + " planned";
    }

    /** The reasons as a run lists them: the first {@value #MAX_REASONS}, each cut to its first characters. */
    public static List<String> bounded(List<String> reasons) {
        List<String> bounded = new ArrayList<>(Math.min(MAX_REASONS + 1, reasons.size()));
        for (String reason : reasons.subList(0, Math.min(MAX_REASONS, reasons.size()))) {
            bounded.add(reason.length() <= MAX_REASON_CHARS ? reason
                    : reason.substring(0, MAX_REASON_CHARS) + "... (" + reason.length() + " characters)");
        }
        if (reasons.size() > MAX_REASONS) bounded.add("and " + (reasons.size() - MAX_REASONS) + " more problems");
        return bounded;
    }
}
