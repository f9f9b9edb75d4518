package org.backcare.profile;

/**
 * One thing wrong with a profile: where it is and what was expected.
 *
 * @param source the file (or other source name) the profile came from
 * @param line the line in the source, or 0 when not known
 * @param field the field path, such as {@code pain.currentIntensity}; empty when the problem is with the whole input
 * @param message what was expected, and what was found
 */
public record Problem(String source, int line, String field, String message) {

    /** One line: {@code source[:line]: field: message}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) text.append(':').append(line);
        text.append(": ");
        if (!field.isEmpty()) text.append(field).append(": ");
        return text.append(message).toString();
    }
}
