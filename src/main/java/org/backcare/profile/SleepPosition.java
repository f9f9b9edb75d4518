package org.backcare.profile;

/**
 * The position a person mostly sleeps in.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum SleepPosition { BACK, SIDE, STOMACH, MIXED }
