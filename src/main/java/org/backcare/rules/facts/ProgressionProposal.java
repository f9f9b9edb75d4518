package org.backcare.rules.facts;

import java.util.List;
import org.backcare.plan.Decision;

/**
 * A fact that a progression rule inserts: from last week's feedback, {@code decision} takes the week from
 * {@code fromMinutes} to {@code toMinutes}, because of the facts in {@code because}. When several rules propose, the
 * most cautious decision holds, and among equals the fewest minutes.
 */
public record ProgressionProposal(Decision decision, int fromMinutes, int toMinutes, List<String> because) {
    public ProgressionProposal {
        because = List.copyOf(because);
    }
}
