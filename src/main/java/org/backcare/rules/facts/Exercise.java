package org.backcare.rules.facts;

import java.util.List;
import java.util.Set;

/**
 * One exercise of a session or routine ({@code activities.yaml}): a plain instruction, and the spine movements it
 * takes. Immutable.
 */
public record Exercise(String instruction, Set<SpineMovement> moves) {
    public Exercise {
        moves = Set.copyOf(moves);
    }

    /** The instructions of the exercises that take none of the {@code leftOut} movements, in order. */
    public static List<String> without(List<Exercise> exercises, Set<SpineMovement> leftOut) {
        return exercises.stream()
                .filter(exercise -> exercise.moves().stream().noneMatch(leftOut::contains))
                .map(Exercise::instruction)
                .toList();
    }
}
