package org.backcare.plan;

/** STarT Back risk group (Hill et al. 2008). */
public enum RiskGroup { LOW, MEDIUM, HIGH }
