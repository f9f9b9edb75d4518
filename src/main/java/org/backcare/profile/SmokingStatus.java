package org.backcare.profile;

/** Whether a person smokes: {@code never}, {@code former} or {@code current}. */
public enum SmokingStatus { NEVER, FORMER, CURRENT }
