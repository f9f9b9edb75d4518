package org.backcare.profile;

/** The activities a profile may like or dislike, as named in the profile format. */
public enum ActivityType {
    WALKING, GARDENING, YOGA, SWIMMING, CYCLING, TAI_CHI, PILATES, DANCING, STRENGTH_TRAINING, WATER_AEROBICS,
    HIKING, RUNNING, STRETCHING
}
