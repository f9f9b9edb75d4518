package org.backcare.profile;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A profile that breaks the profile format; carries every problem found, not just the first.
 *
 * <p>Immutable once made (its problems are an unmodifiable list) and safe to share between threads.
 */
public final class InvalidProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidProfileException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining(System.lineSeparator())));
        if (problems.isEmpty()) throw new IllegalArgumentException("an invalid profile has at least one problem");
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order they were found (one line each). */
    public List<Problem> problems() {
        return problems;
    }
}
