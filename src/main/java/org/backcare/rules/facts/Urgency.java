package org.backcare.rules.facts;

import java.util.List;
import org.backcare.plan.Within;

/**
 * How soon a {@link Concern} is seen to once its lifecycle is known ({@code safety.drl}): its own {@code within}, or
 * 24 hours for a one-week concern still reported a week later ({@code persisting}), with the facts behind both.
 */
public record Urgency(Concern concern, Within within, boolean persisting, List<String> because) {
    public Urgency {
        because = List.copyOf(because);
    }
}
