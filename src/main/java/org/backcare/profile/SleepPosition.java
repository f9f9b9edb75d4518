package org.backcare.profile;

/** The position a person mostly sleeps in. */
public enum SleepPosition { BACK, SIDE, STOMACH, MIXED }
