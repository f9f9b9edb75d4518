package org.backcare.profile;

/**
 * Where the pain is; {@code LEG} means pain spreading down a leg.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum PainArea { LOWER_BACK, UPPER_BACK, NECK, LEG }
