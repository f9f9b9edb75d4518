package org.backcare.plan;

/**
 * How hard an activity is done, gentlest first.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum Intensity { GENTLE, LIGHT, MODERATE, VIGOROUS }
