package org.backcare.profile;

/** How much a person fears that moving will harm their back. */
public enum FearOfMovement { NONE, LOW, MODERATE, HIGH }
