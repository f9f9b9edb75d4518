package org.backcare.review;

import java.time.Instant;

/**
 * Where one person's review stands, as the worklist shows it: their current profile and plan versions, the review
 * state and why, who signed which plan version off, and what the worklist sorts by (from the current plan).
 *
 * @param rowVersion changes with every change to the person: an action names the one it saw, and is refused when
 *     another came first
 * @param state {@code awaiting} (never signed off), {@code signed-off}, or {@code review-again} (signed off before, and
 *     the profile, the rules or a clinician's override changed the plan since)
 * @param stateReason why the state is what it is, in words, or {@code null}
 * @param signedPlanVersion the plan version last signed off, or {@code null}
 * @param priority the worklist's order: 0 to 3 a finding to act on {@code now}, within 24 hours, a week or routinely;
 *     4 see a clinician; 5 red flags not screened; 6 the rest
 * @param within the most urgent finding's timeframe ({@code now}, {@code 24-hours}, {@code 1-week}, {@code routine}),
 *     or {@code null}
 * @param suspected what the most urgent finding suspects, or {@code null}
 * @param riskGroup the STarT Back risk group, or {@code null} when not screened
 */
public record PersonState(String profileId, int profileVersion, int planVersion, String state, String stateReason,
        Integer signedPlanVersion, String signedBy, Instant signedAt, int rowVersion, int priority, String triage,
        String within, String suspected, int age, String riskGroup, boolean screened, String rulesVersion,
        Instant updatedAt) {

    public static final String AWAITING = "awaiting";
    public static final String SIGNED_OFF = "signed-off";
    public static final String REVIEW_AGAIN = "review-again";
}
