package org.backcare.rules.facts;

import org.backcare.plan.Within;

/**
 * One red-flag finding, as listed in {@code findings.yaml}: the condition suspected, how soon it should be seen to,
 * and what to do when it is the most urgent finding of a plan.
 *
 * <p>Immutable and thread-safe.
 */
public record FindingText(String id, String suspected, Within within, String action) {
}
