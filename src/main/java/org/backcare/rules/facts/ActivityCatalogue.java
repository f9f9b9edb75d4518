package org.backcare.rules.facts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.backcare.profile.ActivityType;

/**
 * The activities a weekly plan can schedule ({@code activities.yaml}): one entry per activity name of the profile
 * format, the defaults used when nothing suitable is liked, the daily spine-mobility routine, the balance session the
 * rules may ask for, the body-weight strength routine for strength days when no strength activity is liked or
 * allowed, and how the scheduler lays the week out. Immutable.
 */
public record ActivityCatalogue(Map<ActivityType, CatalogueActivity> activities, List<ActivityType> defaults,
        Routine routine, Routine balance, Routine strength, Routine neckRoutine, Layout layout) {

    public ActivityCatalogue {
        activities = java.util.Collections.unmodifiableMap(new EnumMap<>(activities));
        defaults = List.copyOf(defaults);
        // a catalogue without a neck and upper back routine uses its daily routine for every area
        if (neckRoutine == null) neckRoutine = routine;
    }

    /** A routine (the daily mobility routine, the balance session): its name in plans, length and exercises. */
    public record Routine(String name, int minutes, List<Exercise> exercises) {
        public Routine {
            exercises = List.copyOf(exercises);
        }
    }

    /**
     * How the scheduler lays the week out ({@code activities.yaml}'s {@code layout}; the seed: vary movement).
     *
     * @param spreadSessionMinutes the dose is spread over more days rather than made longer, in sessions down to about
     *     this many minutes
     * @param mostDaysOfOneActivity no activity on more than this many days ...
     * @param activitiesForVariety ... where at least this many activities can be done in the session's minutes
     * @param sessionsForOneFlexibility one flexibility or balance session (yoga, pilates, tai chi) from this many ...
     * @param sessionsForTwoFlexibility ... and a second, of another flexibility activity, from this many
     */
    public record Layout(int spreadSessionMinutes, int mostDaysOfOneActivity, int activitiesForVariety,
            int sessionsForOneFlexibility, int sessionsForTwoFlexibility) {

        /** The most days one activity may take when {@code activities} can be done: no limit with too few. */
        public int mostDaysOfOneWith(long activities) {
            return activities >= activitiesForVariety ? mostDaysOfOneActivity : Integer.MAX_VALUE;
        }
    }

    /** The entry of an activity. */
    public CatalogueActivity get(ActivityType activity) {
        return activities.get(activity);
    }

    /**
     * The instructions of every exercise in the catalogue (the routines and the activities) that takes one of
     * {@code movements}.
     */
    public List<String> instructionsMoving(java.util.Set<SpineMovement> movements) {
        List<Exercise> exercises = new ArrayList<>(routine.exercises());
        exercises.addAll(balance.exercises());
        exercises.addAll(strength.exercises());
        exercises.addAll(neckRoutine.exercises());
        for (CatalogueActivity activity : activities.values()) exercises.addAll(activity.exercises());
        return exercises.stream().filter(e -> e.moves().stream().anyMatch(movements::contains))
                .map(Exercise::instruction).toList();
    }

    /** Every entry, in the order of the activity names. */
    public Collection<CatalogueActivity> entries() {
        return new ArrayList<>(activities.values());
    }
}
