package org.backcare.profile;

/**
 * The activities a profile may like or dislike, as named in the profile format.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum ActivityType {
    WALKING, GARDENING, YOGA, SWIMMING, CYCLING, TAI_CHI, PILATES, DANCING, STRENGTH_TRAINING, WATER_AEROBICS,
    HIKING, RUNNING, STRETCHING
}
