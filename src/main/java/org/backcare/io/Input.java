package org.backcare.io;

import org.backcare.profile.ProfileReader;

/**
 * One profile to plan, as read from the inputs: its place ({@code source} and, in a {@code .jsonl} file, the
 * {@code line}), its content and format, or the problem that kept it from being read.
 *
 * @param sequence the profile's place among all inputs, from 0, in input order
 * @param source the file it came from
 * @param line its line in a {@code .jsonl} file, or 0 for a whole file
 * @param content the profile's bytes, or {@code null} when it could not be read
 * @param format how to parse the content
 * @param problem why it could not be read, or {@code null}
 */
public record Input(long sequence, String source, int line, byte[] content, ProfileReader.Format format, String problem) {

    /** Where the profile is, as problems name it: {@code file} or {@code file:line}. */
    public String where() {
        return line > 0 ? source + ":" + line : source;
    }
}
