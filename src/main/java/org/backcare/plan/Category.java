package org.backcare.plan;

/** What a recommendation is about. */
public enum Category { SAFETY, MOVEMENT, ACTIVITY, SLEEP, SITTING, SMOKING, DIET, HYDRATION, EDUCATION }
