package org.backcare.plan;

/**
 * The kind of a scheduled activity; {@code MOBILITY} is the short daily spine routine, {@code BALANCE} trains balance
 * (tai chi, balance exercises).
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum ActivityKind { AEROBIC, STRENGTH, FLEXIBILITY, MOBILITY, LEISURE, BALANCE }
