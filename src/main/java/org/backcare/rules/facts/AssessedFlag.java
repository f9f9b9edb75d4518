package org.backcare.rules.facts;

import org.backcare.profile.AssessmentOutcome;
import org.backcare.profile.RedFlag;

/**
 * A chronic red flag (one a person keeps reporting, such as a history of cancer) that a clinician assessed: it gives
 * no finding of its own, though it still counts in combinations with other signs. Acute flags cannot be assessed
 * away. Inferred in {@code classify.drl} from {@code clinician.assessed}.
 *
 * @param flag the flag
 * @param outcome what the clinician concluded: a managed fracture risk keeps its precautions
 * @param because the profile facts that made it hold, in words
 */
public record AssessedFlag(RedFlag flag, AssessmentOutcome outcome, String because) {
}
