package org.backcare.rules.facts;

import java.util.List;
import org.backcare.plan.Within;
import org.backcare.profile.WarningSign;

/**
 * What one row of the red-flag table concludes, before the lifecycle has its say ({@code safety.drl}): the signs
 * behind it, the condition suspected, what to do when it is the most urgent finding, how soon, and the profile facts
 * in words. A one-week concern still reported a week later becomes more urgent, and in a plan with a more urgent
 * finding its action is to tell that clinician about it; {@link org.backcare.plan.Finding} is what the plan shows.
 */
public record Concern(List<WarningSign> flags, String suspected, String action, Within within, List<String> because) {
    public Concern {
        flags = List.copyOf(flags);
        because = List.copyOf(because);
    }
}
