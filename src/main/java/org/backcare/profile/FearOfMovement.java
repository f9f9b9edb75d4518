package org.backcare.profile;

/**
 * How much a person fears that moving will harm their back.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum FearOfMovement { NONE, LOW, MODERATE, HIGH }
