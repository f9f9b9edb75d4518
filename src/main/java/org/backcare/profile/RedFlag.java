package org.backcare.profile;

/**
 * Signs of serious spinal pathology that a person reports. Which triage level each one leads to is decided by the
 * rules ({@code rules/safety.drl}), not here.
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum RedFlag implements WarningSign {
    BLADDER_OR_BOWEL_CHANGE,
    SADDLE_NUMBNESS,
    PROGRESSIVE_LEG_WEAKNESS,
    RECENT_MAJOR_TRAUMA,
    HISTORY_OF_CANCER,
    UNEXPLAINED_WEIGHT_LOSS,
    FEVER,
    OSTEOPOROSIS_OR_STEROIDS,
    CONSTANT_NIGHT_PAIN,
    SCIATICA_BOTH_LEGS,
    NEW_SEXUAL_DYSFUNCTION,
    UNSTEADY_WALKING,
    IV_DRUG_USE,
    IMMUNOSUPPRESSED,
    RECENT_INFECTION,
    INFLAMMATORY_PATTERN
}
