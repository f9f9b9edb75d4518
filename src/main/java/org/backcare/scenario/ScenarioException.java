package org.backcare.scenario;

import java.util.List;

/** Scenario files that cannot be read: every problem, each naming the file and the place in it. */
public final class ScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public ScenarioException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
