package org.backcare.plan;

/**
 * A week-over-week progression decision (PLAN.md, "Progression"), most cautious first.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum Decision { REGRESS, HOLD, PROGRESS }
