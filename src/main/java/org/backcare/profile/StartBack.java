package org.backcare.profile;

import java.util.Objects;

/**
 * The nine STarT Back screening answers (Hill et al. 2008), all required. The scores are computed exactly as
 * {@code PROFILE.md} states; the rules decide the risk group from them.
 * <p>Immutable and thread-safe.
 */
public record StartBack(
        boolean legPain,
        boolean shoulderOrNeckPain,
        boolean walkOnlyShortDistances,
        boolean dressedMoreSlowly,
        boolean notSafeToBeActive,
        boolean worryingThoughts,
        boolean painTerribleNeverBetter,
        boolean notEnjoyedThings,
        Bothersomeness bothersomeness) {

    public StartBack {
        Objects.requireNonNull(bothersomeness, "bothersomeness");
    }

    /** Items 5 to 9: each {@code true} answer scores 1, and bothersomeness scores 1 when very much or extremely. */
    public int psychosocialScore() {
        return point(notSafeToBeActive) + point(worryingThoughts) + point(painTerribleNeverBetter)
                + point(notEnjoyedThings) + (bothersomeness.scores() ? 1 : 0);
    }

    /** All nine items, 0 to 9. */
    public int totalScore() {
        return point(legPain) + point(shoulderOrNeckPain) + point(walkOnlyShortDistances) + point(dressedMoreSlowly)
                + psychosocialScore();
    }

    private static int point(boolean answer) {
        return answer ? 1 : 0;
    }
}
