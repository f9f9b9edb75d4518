package org.backcare.simulate;

/**
 * How a simulated person follows their plans, week after week: named and deterministic, so that clinicians can see
 * how the rules carry a person through a programme.
 */
public enum FeedbackScenario {
    /** Every week done in full; pain during activity at most 3, settled by the next morning; effort 5. */
    ALL_DONE,
    /** As {@link #ALL_DONE}, but in week 4 pain rises to 6 and has not settled by the next morning. */
    PAIN_NOT_SETTLING,
    /** Half of every week done; pain and effort comfortable. */
    HALF_DONE,
    /** As {@link #ALL_DONE}, until constant night pain is reported from week 6 on (a red flag). */
    RED_FLAG,
    /**
     * As {@link #ALL_DONE}, and in week 3 a clinician assesses the red flags the person reports (each managed, as of
     * that week): a chronic flag then gives no finding, and the weeks may step up again.
     */
    CLINICIAN_ASSESSES
}
