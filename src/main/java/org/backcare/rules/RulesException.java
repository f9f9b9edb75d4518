package org.backcare.rules;

import java.util.List;

/**
 * A rule set that cannot be used: it does not compile, its data does not resolve, or it misbehaved at run time.
 *
 * <p>Immutable once made (its problems are an unmodifiable list) and safe to share between threads.
 */
public final class RulesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public RulesException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public RulesException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** One line per problem, each naming the file (and line, where known). */
    public List<String> problems() {
        return problems;
    }
}
