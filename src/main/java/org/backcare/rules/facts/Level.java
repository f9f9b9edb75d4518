package org.backcare.rules.facts;

/** A low, moderate or high rating, such as an activity's impact or load on the spine. */
public enum Level { LOW, MODERATE, HIGH }
