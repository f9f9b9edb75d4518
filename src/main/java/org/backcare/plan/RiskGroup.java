package org.backcare.plan;

/**
 * STarT Back risk group (Hill et al. 2008).
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum RiskGroup { LOW, MEDIUM, HIGH }
