package org.backcare.rules;

import org.backcare.plan.TriageLevel;
import org.backcare.profile.RedFlag;

/** A fact that a safety rule inserts: a reported red flag, the triage level it calls for and why, in words. */
public record TriageFinding(TriageLevel level, RedFlag flag, String reason) {
}
