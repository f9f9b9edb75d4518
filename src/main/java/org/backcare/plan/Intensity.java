package org.backcare.plan;

/** How hard an activity is done, gentlest first. */
public enum Intensity { GENTLE, LIGHT, MODERATE, VIGOROUS }
