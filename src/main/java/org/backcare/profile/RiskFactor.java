package org.backcare.profile;

/**
 * A fact about the person, other than a reported red flag, that makes a serious cause of back pain more likely, as the
 * red-flag rules read it from the profile. It is never part of a profile: plans name it in a finding's {@code flags}
 * beside the red flags behind the finding.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum RiskFactor implements WarningSign {
    /** Age 70 or more: with new severe back pain, a possible fragility (vertebral) fracture (NICE CKS; Finucane 2020). */
    OLDER_AGE
}
