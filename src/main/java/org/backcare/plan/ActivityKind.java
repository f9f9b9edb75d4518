package org.backcare.plan;

/**
 * The kind of a scheduled activity; {@code MOBILITY} is the short daily spine routine, {@code BALANCE} trains balance
 * (tai chi, balance exercises).
 */
public enum ActivityKind { AEROBIC, STRENGTH, FLEXIBILITY, MOBILITY, LEISURE, BALANCE }
