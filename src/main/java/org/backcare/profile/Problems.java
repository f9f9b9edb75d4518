package org.backcare.profile;

import java.util.ArrayList;
import java.util.List;

/** The problems found so far in one source. */
final class Problems {
    private final String source;
    private final List<Problem> found = new ArrayList<>();
    private int dropped;

    Problems(String source) {
        this.source = source;
    }

    void add(String field, String message) {
        addAt(0, field, message);
    }

    /** Records a problem; beyond {@link ProfileReader#MAX_PROBLEMS}, only counts it, so that output stays short. */
    void addAt(int line, String field, String message) {
        if (found.size() < ProfileReader.MAX_PROBLEMS) found.add(new Problem(source, line, field, message));
        else dropped++;
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    void throwIfAny() throws InvalidProfileException {
        if (found.isEmpty()) return;
        List<Problem> all = new ArrayList<>(found);
        if (dropped > 0) {
            all.add(new Problem(source, 0, "", "and " + dropped + " more problems; expected at most "
                    + ProfileReader.MAX_PROBLEMS + " to be listed"));
        }
        throw new InvalidProfileException(all);
    }
}
