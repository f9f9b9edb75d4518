package org.backcare.profile;

/**
 * Whether a person crosses their legs when seated, and if so whether always the same leg.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum LegCrossing { NO, ALTERNATING, SAME_SIDE }
