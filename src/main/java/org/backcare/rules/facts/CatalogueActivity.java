package org.backcare.rules.facts;

import java.util.List;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.Intensity;
import org.backcare.profile.ActivityType;

/**
 * One activity of the catalogue ({@code activities.yaml}), inserted as a fact so that rules can leave activities out
 * by impact or load.
 *
 * @param activity the activity
 * @param kind what it trains
 * @param impact the jolting load it puts through the spine
 * @param spineLoad the bending, lifting and compressive load it puts on the back
 * @param intensities the intensities it can be done at, gentlest first
 * @param shortestSession the shortest session of it worth scheduling, in minutes
 * @param longestSession the longest session of it a plan schedules, in minutes
 * @param exercises what a session holds (strength and balance activities), empty for the others
 */
public record CatalogueActivity(ActivityType activity, ActivityKind kind, Level impact, Level spineLoad,
        List<Intensity> intensities, int shortestSession, int longestSession, List<Exercise> exercises) {

    public CatalogueActivity {
        intensities = List.copyOf(intensities);
        exercises = List.copyOf(exercises);
        if (shortestSession < 1 || longestSession < shortestSession) {
            throw new IllegalArgumentException("session lengths " + shortestSession + "-" + longestSession);
        }
    }

    /** Whether a session of {@code minutes} lies within this activity's length range. */
    public boolean fits(int minutes) {
        return minutes >= shortestSession && minutes <= longestSession;
    }

    /** The hardest intensity at or below {@code ceiling} that this activity can be done at, preferring moderate. */
    public Intensity intensityWithin(Intensity ceiling) {
        Intensity cap = ceiling.compareTo(Intensity.MODERATE) < 0 ? ceiling : Intensity.MODERATE;
        Intensity best = null;
        for (Intensity intensity : intensities) {
            if (intensity.compareTo(cap) <= 0) best = intensity;
        }
        return best;
    }
}
