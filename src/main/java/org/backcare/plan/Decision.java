package org.backcare.plan;

/** A week-over-week progression decision (PLAN.md, "Progression"), most cautious first. */
public enum Decision { REGRESS, HOLD, PROGRESS }
