package org.backcare.batch;

/**
 * The counts of a batch run: every profile read is either planned or failed.
 *
 * @param read profiles read from the inputs
 * @param planned profiles with a plan in the output (including those resumed)
 * @param resumed of those, plans an earlier run had written
 * @param failed profiles without a plan, each listed with its reason in the summary
 * @param duplicates of those failed, profiles whose id an earlier input already had
 * @param seconds how long the run took
 */
public record BatchResult(long read, long planned, long resumed, long failed, long duplicates, double seconds) {
}
