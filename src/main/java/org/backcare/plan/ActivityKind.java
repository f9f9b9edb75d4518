package org.backcare.plan;

/** The kind of a scheduled activity; {@code MOBILITY} is the short daily spine routine. */
public enum ActivityKind { AEROBIC, STRENGTH, FLEXIBILITY, MOBILITY, LEISURE }
