package org.backcare.profile;

import java.util.ArrayList;
import java.util.List;

/** The problems found so far in one source. */
final class Problems {
    private final String source;
    private final List<Problem> found = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void add(String field, String message) {
        found.add(new Problem(source, 0, field, message));
    }

    void addAt(int line, String field, String message) {
        found.add(new Problem(source, line, field, message));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    void throwIfAny() throws InvalidProfileException {
        if (!found.isEmpty()) throw new InvalidProfileException(found);
    }
}
