package org.backcare.profile;

/**
 * The hardest intensity a clinician allows ({@code clinician.intensityCeiling}), gentlest first. The plan's own
 * intensities ({@code org.backcare.plan.Intensity}) have the same names.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum AllowedIntensity { GENTLE, LIGHT, MODERATE, VIGOROUS }
