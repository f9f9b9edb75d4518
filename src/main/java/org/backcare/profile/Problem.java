package org.backcare.profile;

/**
 * One thing wrong with a profile: where it is and what was expected.
 *
 * <p>Immutable and thread-safe.
 *
 * @param source the file (or other source name) the profile came from
 * @param line the line in the source, or 0 when not known
 * @param field the field path, such as {@code pain.currentIntensity}; empty when the problem is with the whole input
 * @param message what was expected, and what was found
 */
public record Problem(String source, int line, String field, String message) {

    /**
     * One line: {@code source[:line]: field: message}. Control characters (a terminal's escape sequences, line
     * breaks) are written as Java-style unicode escapes (a backslash, u and four hex digits), so that a hostile profile cannot drive the terminal that shows
     * its problems or split one problem over several lines.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) text.append(':').append(line);
        text.append(": ");
        if (!field.isEmpty()) text.append(field).append(": ");
        return printable(text.append(message).toString());
    }

    /** {@code text} with every control character written as a unicode escape (backslash, u, four hex digits). */
    public static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.getType(c) == Character.CONTROL;
            if (control && out == null) out = new StringBuilder(text.length() + 8).append(text, 0, i);
            if (out != null) {
                if (control) out.append(String.format("\\u%04x", (int) c));
                else out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
