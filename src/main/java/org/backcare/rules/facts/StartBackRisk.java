package org.backcare.rules.facts;

import org.backcare.plan.RiskGroup;

/** A fact that a STarT Back rule inserts: the risk group and the scores that put the person in it. */
public record StartBackRisk(RiskGroup group, int totalScore, int psychosocialScore) {
}
