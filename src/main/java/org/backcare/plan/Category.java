package org.backcare.plan;

/**
 * What a recommendation is about.
 *
 * <p>Immutable and thread-safe, as every enum is.
 */
public enum Category { SAFETY, MOVEMENT, ACTIVITY, SLEEP, SITTING, SMOKING, DIET, HYDRATION, EDUCATION }
