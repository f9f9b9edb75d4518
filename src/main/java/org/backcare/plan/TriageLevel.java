package org.backcare.plan;

/**
 * How soon a person should see a clinician, least urgent first.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum TriageLevel {
    /** No red flags reported: self-care with the plan's advice. */
    SELF_CARE,
    /** Get assessed soon; nothing above light intensity is scheduled. */
    SEE_CLINICIAN,
    /** Seek care now; no activity plan is given. */
    URGENT
}
