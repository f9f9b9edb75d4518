package org.backcare.profile;

/**
 * What a clinician concluded about a red flag they assessed.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum AssessmentOutcome {
    /** No serious cause now. */
    CLEARED,
    /** A known condition, managed: its precautions still apply (a fracture risk keeps its precautions). */
    MANAGED
}
