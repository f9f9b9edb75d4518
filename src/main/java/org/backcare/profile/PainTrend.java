package org.backcare.profile;

/**
 * Which way the pain is going ({@code pain.trend}): getting better, staying the same, or getting worse.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum PainTrend { IMPROVING, SAME, WORSENING }
