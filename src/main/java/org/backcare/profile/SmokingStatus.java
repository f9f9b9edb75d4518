package org.backcare.profile;

/**
 * Whether a person smokes: {@code never}, {@code former} or {@code current}.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum SmokingStatus { NEVER, FORMER, CURRENT }
