package org.backcare.schedule;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backcare.plan.ActivityKind;
import org.backcare.plan.DayPlan;
import org.backcare.plan.Decision;
import org.backcare.plan.Intensity;
import org.backcare.plan.ScheduledActivity;
import org.backcare.plan.WeeklyPlan;
import org.backcare.profile.Activity;
import org.backcare.profile.ActivityType;
import org.backcare.profile.LastWeek;
import org.backcare.profile.Profile;
import org.backcare.profile.WireName;
import org.backcare.rules.facts.ActivityCatalogue.Layout;
import org.backcare.rules.facts.ActivityCatalogue;
import org.backcare.rules.facts.Advise;
import org.backcare.rules.facts.CatalogueActivity;
import org.backcare.rules.facts.Conclusions;
import org.backcare.rules.facts.DoseFloor;
import org.backcare.rules.facts.Excluded;
import org.backcare.rules.facts.Exercise;
import org.backcare.rules.facts.IntensityCeiling;
import org.backcare.rules.facts.MovementLeftOut;
import org.backcare.rules.facts.RestDays;
import org.backcare.rules.facts.SessionLength;
import org.backcare.rules.facts.SessionSpread;
import org.backcare.rules.facts.SessionsOfKind;
import org.backcare.rules.facts.SpineMovement;

/**
 * Lays out the week that the rules allow: the daily mobility routine on every day, and the weekly dose of main
 * activity as sessions on the person's available days, varied day to day. The rules decide what and how much (the
 * activities left out, the intensity ceiling, the dose and the session length); this class decides only when.
 *
 * <p>The layout is deterministic: the same profile and conclusions always give the same week.
 * The numbers below are those of the built-in rules and catalogue: the scheduler's own (the spread session, variety)
 * are the catalogue's {@link ActivityCatalogue.Layout}, and those it shares with the rules come from the rules' facts.
 * <ul>
 *   <li>Activities: the liked ones the rules allow, in the order they are liked; when none is allowed, the
 *       catalogue's defaults (walking first); when the liked ones leave out a kind (aerobic, strength, flexibility),
 *       the first allowed default of that kind is added; and while there are too few activities for each to stay on
 *       at most two days, further allowed defaults; and when none can be done in the week's shortest session, the
 *       first default that can (walking, from 5 minutes).
 *   <li>Lengths: every session lies within its activity's range ({@code activities.yaml}, e.g. swimming 20-60
 *       minutes): an activity is never given a session shorter than its shortest, and a session longer than its
 *       longest is cut there, the minutes going to other sessions, or to a second activity on a day with room
 *       within the session length, so that the week keeps its dose.
 *   <li>Sessions: one main session a day (and at most one second activity, above), spread evenly over the
 *       available days, in whole five minutes: as many as the dose needs at the session length, and more where days
 *       allow, down to about 20 minutes each ({@code spreadSessionMinutes}; for a small dose, the rules'
 *       {@link SessionSpread}: three days of 10 minutes or more rather than one), but fewer, longer ones where
 *       shorter ones could hold none of the activities the week can use.
 *   <li>Kinds: strength on as many days as the rules ask (WHO 2020: two), keeping at least one other session, so
 *       two from three sessions (the catalogue's body-weight strength routine, from the rules' shortest session up
 *       to its minutes, when no strength activity is liked or allowed or none can be done in the session's minutes);
 *       flexibility or balance on one from four sessions (two from six, when two such activities are liked), aerobic
 *       or leisure on the rest; strength sessions spread apart.
 *   <li>Balance: when the rules ask for balance days (adults of 65 and over, a fracture risk), a short balance
 *       session on that many available days (not on a day that holds a balance activity such as tai chi).
 *       Balance sessions are part of the dose: the main sessions share what is left.
 *   <li>Across weeks: when the profile reports last week's activities, this week does not repeat only those when an
 *       allowed one was not done; easing back after pain keeps last week's number of days, in shorter sessions.
 *   <li>Exercises: the daily routine, strength and balance entries list their exercises, leaving out those that take
 *       a spine movement the rules leave out (flexion or twisting under a fracture risk).
 *   <li>Variety: each session takes the least used activity of its kind, not the one of the day before where
 *       another will do, and no activity on more than two days when four or more can be done in the session's
 *       minutes.
 * </ul>
 * Stateless and thread-safe.
 */
public final class WeekScheduler {
    /** Minutes are laid out in whole five minutes, as the rules give them. */
    private static final int UNIT = Advise.MINUTE_STEP;

    private final ActivityCatalogue catalogue;

    public WeekScheduler(ActivityCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * What the rules allow this week: the dose left for main sessions once the balance sessions are counted in, how
     * many main sessions it makes, and how many balance sessions of how many minutes the dose holds.
     */
    private record Limits(Intensity ceiling, int length, int dose, List<DayOfWeek> available, int sessions,
            int strengthDays, boolean strengthFirst, int balanceSessions, int balanceMinutes,
            Set<SpineMovement> leftOut, int shortestSession) {
    }

    /**
     * How many sessions a dose makes: as many as it needs at the session length, spread where days allow (over the
     * rules' {@link SessionSpread}, in sessions no shorter than its shortest).
     */
    private int sessionsFor(int dose, int length, int days, SessionSpread spread) {
        if (days == 0 || dose < UNIT) return 0;
        int needed = (dose + length - 1) / length;
        int spreadOver = Math.max(dose / catalogue.layout().spreadSessionMinutes(),
                Math.min(spread.sessions(), dose / spread.shortestMinutes()));
        return Math.max(1, Math.min(days, Math.max(needed, spreadOver)));
    }

    /**
     * The rules' {@link SessionSpread}. The planner refuses a rule set that doses a week without one; a week without a
     * dose has nothing to spread.
     */
    private static SessionSpread spread(Conclusions conclusions) {
        return conclusions.spread() != null ? conclusions.spread() : new SessionSpread(1, UNIT);
    }

    /** The most days any rule asks for of {@code kind}, or 0. */
    private static int daysOf(Conclusions conclusions, ActivityKind kind) {
        return conclusions.sessionsOfKind().stream().filter(s -> s.kind() == kind).mapToInt(SessionsOfKind::days).max()
                .orElse(0);
    }

    private Limits limits(Profile profile, Conclusions conclusions) {
        Intensity ceiling = conclusions.ceilings().stream().map(IntensityCeiling::level).min(Enum::compareTo)
                .orElse(Intensity.MODERATE);
        // The rules' shortest session length; a rule set without one leaves the activities' own ranges to bound it.
        int length = conclusions.sessionLengths().stream().mapToInt(SessionLength::minutes).min()
                .orElseGet(() -> catalogue.entries().stream().mapToInt(CatalogueActivity::longestSession).max()
                        .orElse(catalogue.strength().minutes()));
        int dose = conclusions.dose();
        Activity activity = profile.activity();
        List<DayOfWeek> available = activity == null ? List.of(DayOfWeek.values())
                : activity.availableDays().stream().sorted().distinct().toList();
        // Rest days the rules ask for, where the days available leave none free: the last available days rest.
        int rest = conclusions.restDays().stream().mapToInt(RestDays::days).max().orElse(0);
        if (available.size() > DayOfWeek.values().length - rest) {
            available = available.subList(0, DayOfWeek.values().length - rest);
        }
        // Balance sessions are part of the week's dose, not on top of it, but leave the floor's main sessions their
        // minutes.
        // (a floor held below its main sessions, after a week that calls for easing back, keeps balance first)
        int mainFloor = conclusions.floors().stream().filter(f -> f.minutes() >= f.mainSessions() * f.sessionMinutes())
                .mapToInt(f -> f.mainSessions() * f.sessionMinutes()).max().orElse(0);
        // in whole five minutes, as the week is laid out
        int balanceMinutes = Math.max(UNIT, Advise.fiveMinutes(Math.min(catalogue.balance().minutes(), length)));
        // Strength first (a fracture risk): the rules' strength sessions, of the shortest session, before any balance
        // session.
        SessionSpread spread = spread(conclusions);
        int shortest = spread.shortestMinutes();
        int strengthFirst = conclusions.strengthFirstSessions();
        if (strengthFirst > 0) mainFloor = Math.max(mainFloor, strengthFirst * shortest);
        // The floor's balance sessions come first (PLAN.md, version 3: from 65, balance on 2 days or more), after
        // strength when it comes first; more only beyond the floor's main sessions.
        int wantedBalance = Math.min(daysOf(conclusions, ActivityKind.BALANCE), available.size());
        int guaranteed = Math.min(conclusions.floors().stream().mapToInt(DoseFloor::balanceSessions).max().orElse(0),
                wantedBalance);
        if (conclusions.strengthFirst()) {
            guaranteed = Math.min(guaranteed, Math.max(0, dose - strengthFirst * shortest) / balanceMinutes);
        }
        int extra = Math.max(0, Math.max(0, dose - mainFloor) / balanceMinutes - guaranteed);
        int balanceSessions = Math.min(dose / balanceMinutes, Math.min(wantedBalance, guaranteed + extra));
        dose -= balanceSessions * balanceMinutes;
        int sessions = sessionsFor(dose, length, available.size(), spread);
        if (conclusions.strengthFirst() && length >= shortest) {
            sessions = Math.max(sessions, Math.min(Math.min(strengthFirst, available.size()),
                    dose / shortest));
        }
        // Easing back after pain: shorter sessions before fewer days (PLAN.md), down to the shortest session.
        boolean regress = conclusions.progressions().stream().anyMatch(p -> p.decision() == Decision.REGRESS);
        LastWeek lastWeek = profile.program() == null ? null : profile.program().lastWeek();
        if (regress && lastWeek != null) {
            int before = sessionsFor(lastWeek.plannedMinutes(), length, available.size(), spread);
            sessions = Math.max(sessions, Math.min(before, dose / shortest));
        }
        // Fewer, longer sessions where shorter ones could hold none of the activities the week can use.
        int shortestUsable = shortestUsable(profile, conclusions, ceiling);
        // But never fewer than the floor's sessions (PLAN.md, version 3): the body-weight strength routine fills a
        // session of the shortest length that no activity can be done in.
        int mainDose = dose;
        int floorSessions = Math.max(strengthFirst, conclusions.floors().stream()
                .filter(f -> f.mainSessions() * f.sessionMinutes() <= mainDose).mapToInt(DoseFloor::mainSessions).max()
                .orElse(0));
        if (sessions > 1 && shortestUsable > 0 && dose / sessions < shortestUsable) {
            sessions = Math.max(Math.max(1, dose / shortestUsable), Math.min(sessions, floorSessions));
        }
        Set<SpineMovement> leftOut = EnumSet.noneOf(SpineMovement.class);
        for (MovementLeftOut movement : conclusions.movementsLeftOut()) leftOut.add(movement.movement());
        return new Limits(ceiling, length, dose, available, sessions, daysOf(conclusions, ActivityKind.STRENGTH),
                conclusions.strengthFirst(), balanceSessions, balanceMinutes, leftOut, shortest);
    }

    /**
     * The shortest session of any activity the week could use (liked or default, not left out, possible within the
     * ceiling), or 0 when there is none.
     */
    private int shortestUsable(Profile profile, Conclusions conclusions, Intensity ceiling) {
        Set<ActivityType> excluded = EnumSet.noneOf(ActivityType.class);
        for (Excluded e : conclusions.excluded()) excluded.add(e.activity());
        Set<ActivityType> candidates = EnumSet.copyOf(catalogue.defaults());
        if (profile.activity() != null) candidates.addAll(profile.activity().likes());
        return candidates.stream().filter(a -> allowed(a, excluded, ceiling))
                .mapToInt(a -> catalogue.get(a).shortestSession()).min().orElse(0);
    }

    /** The week for a profile, within the limits the rules found. */
    public WeeklyPlan schedule(Profile profile, Conclusions conclusions) {
        Limits limits = limits(profile, conclusions);
        List<CatalogueActivity> pool = pool(profile, conclusions, limits);
        Set<ActivityType> doneLastWeek = EnumSet.noneOf(ActivityType.class);
        if (profile.program() != null && profile.program().lastWeek() != null) {
            doneLastWeek.addAll(profile.program().lastWeek().activities());
        }
        Placed placed = sessions(pool, limits, catalogue.strength(), doneLastWeek);
        Map<DayOfWeek, ScheduledActivity> sessions = placed.sessions();
        varyFromLastWeek(sessions, pool, doneLastWeek, limits);
        Set<DayOfWeek> balanceDays = balanceDays(sessions, limits);
        // A balance session that found no day (its day's main activity trains balance already), and minutes beyond an
        // activity's longest session, stay in the week: they go to the main sessions, balance activities first, up to
        // the session length and each activity's longest session.
        int left = giveBack((limits.balanceSessions() - balanceDays.size()) * limits.balanceMinutes()
                + placed.unplaced(), sessions, limits);
        // What no session's activity can hold goes to a second activity on a day with room, within the session length.
        Map<DayOfWeek, ScheduledActivity> companions = companions(left, sessions, pool, limits);

        // the daily routine: the neck and upper back one when the rules ask for it
        ActivityCatalogue.Routine routine = conclusions.neckRoutine() ? catalogue.neckRoutine() : catalogue.routine();
        ScheduledActivity mobility = entry(routine, ActivityKind.MOBILITY, Math.min(routine.minutes(), limits.length()),
                Intensity.GENTLE, limits);
        ScheduledActivity balance = entry(catalogue.balance(), ActivityKind.BALANCE, limits.balanceMinutes(),
                limits.ceiling() == Intensity.GENTLE ? Intensity.GENTLE : Intensity.LIGHT, limits);
        List<DayPlan> days = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            List<ScheduledActivity> entries = new ArrayList<>();
            entries.add(mobility);
            if (sessions.containsKey(day)) entries.add(sessions.get(day));
            if (companions.containsKey(day)) entries.add(companions.get(day));
            if (balanceDays.contains(day)) entries.add(balance);
            days.add(new DayPlan(day, entries));
        }
        return new WeeklyPlan(days);
    }

    /** An entry of a routine (mobility, balance, body-weight strength), without the exercises the rules leave out. */
    private static ScheduledActivity entry(ActivityCatalogue.Routine routine, ActivityKind kind, int minutes,
            Intensity intensity, Limits limits) {
        return new ScheduledActivity(routine.name(), kind, minutes, intensity,
                Exercise.without(routine.exercises(), limits.leftOut()));
    }

    /**
     * Variety across weeks: when every main session repeats an activity done last week and the pool holds an allowed
     * activity that was not, one session (of the same kind where there is one, else the last that is not strength)
     * becomes that activity.
     */
    private static void varyFromLastWeek(Map<DayOfWeek, ScheduledActivity> sessions, List<CatalogueActivity> pool,
            Set<ActivityType> doneLastWeek, Limits limits) {
        if (doneLastWeek.isEmpty() || sessions.isEmpty()) return;
        boolean somethingNew = sessions.values().stream().anyMatch(s -> WireName.parse(ActivityType.class,
                s.activity()).map(activity -> !doneLastWeek.contains(activity)).orElse(true));
        if (somethingNew) return;
        Optional<CatalogueActivity> fresh = pool.stream().filter(a -> !doneLastWeek.contains(a.activity())).findFirst();
        if (fresh.isEmpty()) return;
        CatalogueActivity activity = fresh.get();
        // a day whose session is as long as the activity can be done for, and not a strength day (WHO 2020)
        List<DayOfWeek> days = sessions.keySet().stream().filter(d -> activity.fits(sessions.get(d).minutes()))
                .filter(d -> sessions.get(d).kind() != ActivityKind.STRENGTH || activity.kind() == ActivityKind.STRENGTH)
                .toList();
        if (days.isEmpty()) return;
        DayOfWeek day = days.stream().filter(d -> Group.of(sessions.get(d).kind()).contains(activity.kind()))
                .reduce((first, second) -> second)
                .orElse(days.get(days.size() - 1));
        sessions.put(day, new ScheduledActivity(WireName.of(activity.activity()), activity.kind(),
                sessions.get(day).minutes(), activity.intensityWithin(limits.ceiling()),
                Exercise.without(activity.exercises(), limits.leftOut())));
    }

    /**
     * Adds {@code minutes} to the main sessions, balance activities first, none past the session length or its
     * activity's longest session, and not to the body-weight strength routine (it stands in only where no strength
     * activity fits the session); returns the minutes none could take.
     */
    private int giveBack(int minutes, Map<DayOfWeek, ScheduledActivity> sessions, Limits limits) {
        List<DayOfWeek> days = new ArrayList<>(sessions.keySet());
        days.removeIf(day -> sessions.get(day).activity().equals(catalogue.strength().name()));
        days.sort(Comparator.comparing((DayOfWeek day) -> sessions.get(day).kind() != ActivityKind.BALANCE));
        for (DayOfWeek day : days) {
            if (minutes <= 0) return 0;
            ScheduledActivity session = sessions.get(day);
            int room = Math.min(limits.length(), longest(session)) - session.minutes();
            int more = Math.min(minutes, room / UNIT * UNIT);
            if (more <= 0) continue;
            sessions.put(day, new ScheduledActivity(session.activity(), session.kind(), session.minutes() + more,
                    session.intensity(), session.exercises()));
            minutes -= more;
        }
        return Math.max(0, minutes);
    }

    /**
     * Second activities for {@code minutes} that no main session could take (each activity within its length range):
     * on the days with the most room up to the session length, an activity of the pool other than the day's, the least
     * used first (none on more than the layout's most days when the pool holds enough for variety), then aerobic or
     * leisure. Where the minutes left are fewer than the second activity's shortest session, the day's main session
     * gives it the difference, as long as it keeps its own shortest: the day holds what it would have, in two
     * activities.
     */
    private Map<DayOfWeek, ScheduledActivity> companions(int minutes, Map<DayOfWeek, ScheduledActivity> sessions,
            List<CatalogueActivity> pool, Limits limits) {
        Map<DayOfWeek, ScheduledActivity> companions = new EnumMap<>(DayOfWeek.class);
        if (minutes < UNIT) return companions;
        Map<String, Integer> uses = new HashMap<>();
        for (ScheduledActivity session : sessions.values()) uses.merge(session.activity(), 1, Integer::sum);
        int cap = catalogue.layout().mostDaysOfOneWith(pool.size());
        List<DayOfWeek> days = new ArrayList<>(sessions.keySet());
        days.sort(Comparator.comparingInt((DayOfWeek day) -> sessions.get(day).minutes()));
        for (DayOfWeek day : days) {
            if (minutes < UNIT) break;
            ScheduledActivity main = sessions.get(day);
            int take = Math.min(minutes, limits.length() - main.minutes()) / UNIT * UNIT;
            if (take < UNIT) continue;
            List<CatalogueActivity> seconds = pool.stream()
                    .filter(a -> !WireName.of(a.activity()).equals(main.activity()))
                    .filter(a -> uses.getOrDefault(WireName.of(a.activity()), 0) < cap)
                    .sorted(Comparator.comparingInt((CatalogueActivity a) -> uses.getOrDefault(WireName.of(a.activity()), 0))
                            .thenComparing(a -> !Group.AEROBIC.contains(a.kind())))
                    .toList();
            for (CatalogueActivity activity : seconds) {
                int length = Math.min(take, activity.longestSession());
                int borrowed = Math.max(0, activity.shortestSession() - length);
                if (main.minutes() - borrowed < shortest(main, limits)) continue;
                if (borrowed > 0) {
                    sessions.put(day, new ScheduledActivity(main.activity(), main.kind(), main.minutes() - borrowed,
                            main.intensity(), main.exercises()));
                }
                companions.put(day, new ScheduledActivity(WireName.of(activity.activity()), activity.kind(),
                        length + borrowed, activity.intensityWithin(limits.ceiling()),
                        Exercise.without(activity.exercises(), limits.leftOut())));
                uses.merge(WireName.of(activity.activity()), 1, Integer::sum);
                minutes -= length;
                break;
            }
        }
        return companions;
    }

    /** The shortest session of a scheduled session's activity (the rules' shortest for the strength routine). */
    private int shortest(ScheduledActivity session, Limits limits) {
        return WireName.parse(ActivityType.class, session.activity()).map(a -> catalogue.get(a).shortestSession())
                .orElse(limits.shortestSession());
    }

    /**
     * The available days that get a short balance session, as many as the dose holds of what the rules ask for:
     * spread over the week, days without a main session first, never a day that already holds a balance activity.
     */
    private static Set<DayOfWeek> balanceDays(Map<DayOfWeek, ScheduledActivity> sessions, Limits limits) {
        // The balance minutes are part of the dose, so every balance session is placed, besides any tai chi day.
        int wanted = limits.balanceSessions();
        List<DayOfWeek> candidates = new ArrayList<>();
        for (DayOfWeek day : limits.available()) {
            ScheduledActivity main = sessions.get(day);
            if (main == null || main.kind() != ActivityKind.BALANCE) candidates.add(day);
        }
        Set<DayOfWeek> chosen = EnumSet.noneOf(DayOfWeek.class);
        if (wanted == 0 || candidates.isEmpty()) return chosen;
        List<DayOfWeek> free = candidates.stream().filter(day -> !sessions.containsKey(day)).toList();
        List<DayOfWeek> busy = candidates.stream().filter(sessions::containsKey).toList();
        spread(free, Math.min(wanted, free.size()), chosen);
        spread(busy, Math.min(wanted - chosen.size(), busy.size()), chosen);
        return chosen;
    }

    /** Adds {@code times} of {@code days}, spread evenly, to {@code chosen}. */
    private static void spread(List<DayOfWeek> days, int times, Set<DayOfWeek> chosen) {
        for (int i = 0; i < times; i++) chosen.add(days.get((int) ((i + 0.5) * days.size() / times)));
    }

    /**
     * The main activities the week may use, best first: the liked ones the rules allow, then defaults for the kinds
     * they leave out (or all allowed defaults when no liked one is allowed), then more defaults while there are too
     * few activities for each to stay on at most the layout's most days of one activity.
     */
    public List<ActivityType> choices(Profile profile, Conclusions conclusions) {
        return pool(profile, conclusions, limits(profile, conclusions)).stream().map(CatalogueActivity::activity)
                .toList();
    }

    private List<CatalogueActivity> pool(Profile profile, Conclusions conclusions, Limits limits) {
        Intensity ceiling = limits.ceiling();
        Set<ActivityType> excluded = EnumSet.noneOf(ActivityType.class);
        for (Excluded e : conclusions.excluded()) excluded.add(e.activity());
        List<ActivityType> likes = profile.activity() == null ? List.of() : profile.activity().likes();
        Set<ActivityType> chosen = new LinkedHashSet<>();
        for (ActivityType liked : likes) {
            if (allowed(liked, excluded, ceiling)) chosen.add(liked);
        }
        if (chosen.isEmpty()) {
            for (ActivityType fallback : catalogue.defaults()) {
                if (allowed(fallback, excluded, ceiling)) chosen.add(fallback);
            }
        } else {
            for (Group group : Group.values()) {
                if (chosen.stream().anyMatch(a -> group.contains(catalogue.get(a).kind()))) continue;
                catalogue.defaults().stream()
                        .filter(fallback -> group.contains(catalogue.get(fallback).kind()))
                        .filter(fallback -> allowed(fallback, excluded, ceiling))
                        .findFirst().ifPresent(chosen::add);
            }
            // Variety: enough activities that none need fill more than the layout's most days.
            for (ActivityType fallback : catalogue.defaults()) {
                if (chosen.size() * catalogue.layout().mostDaysOfOneActivity() >= limits.sessions()) break;
                if (allowed(fallback, excluded, ceiling)) chosen.add(fallback);
            }
        }
        // The shortest session of the week must have an activity that can be done in it (walking, the first default,
        // takes 5 minutes): else its minutes would leave the week.
        int shortest = Arrays.stream(split(limits.dose(), limits.sessions(), limits.length())).filter(m -> m > 0)
                .min().orElse(0);
        if (shortest > 0 && chosen.stream().noneMatch(a -> catalogue.get(a).shortestSession() <= shortest)) {
            catalogue.defaults().stream().filter(d -> allowed(d, excluded, ceiling))
                    .filter(d -> catalogue.get(d).shortestSession() <= shortest).findFirst().ifPresent(chosen::add);
        }
        return chosen.stream().map(catalogue::get).toList();
    }

    private boolean allowed(ActivityType activity, Set<ActivityType> excluded, Intensity ceiling) {
        CatalogueActivity entry = catalogue.get(activity);
        return entry != null && !excluded.contains(activity) && entry.intensityWithin(ceiling) != null;
    }

    /** The longest session of a scheduled session's activity (or of the strength routine). */
    private int longest(ScheduledActivity session) {
        return WireName.parse(ActivityType.class, session.activity()).map(a -> catalogue.get(a).longestSession())
                .orElse(catalogue.strength().minutes());
    }

    /**
     * The main session of each day that has one, and the minutes no session could hold (beyond its activity's
     * longest session, or a slot shorter than the shortest of every activity), for {@link #giveBack}.
     */
    private record Placed(Map<DayOfWeek, ScheduledActivity> sessions, int unplaced) {
    }

    /** The main session of each day that has one, each within its activity's length range. */
    private Placed sessions(List<CatalogueActivity> pool, Limits limits, ActivityCatalogue.Routine strengthRoutine,
            Set<ActivityType> doneLastWeek) {
        Map<DayOfWeek, ScheduledActivity> sessions = new EnumMap<>(DayOfWeek.class);
        int count = limits.sessions();
        if (count == 0) return new Placed(sessions, 0);
        int unplaced = 0;
        List<DayOfWeek> available = limits.available();
        int[] minutes = split(limits.dose(), count, limits.length());
        ActivityKind[] kinds = kinds(pool, count, limits.strengthDays(), limits.strengthFirst());
        // a strength session takes the shortest session or more: a shorter strength slot changes kind with a longer one
        int shortest = limits.shortestSession();
        Layout layout = catalogue.layout();
        for (int slot = 0; slot < count; slot++) {
            if (kinds[slot] != ActivityKind.STRENGTH || minutes[slot] >= shortest) continue;
            for (int other = 0; other < count; other++) {
                if (kinds[other] != ActivityKind.STRENGTH && minutes[other] >= shortest) {
                    kinds[other] = ActivityKind.STRENGTH;
                    kinds[slot] = ActivityKind.AEROBIC;
                    break;
                }
            }
        }

        Map<ActivityType, Integer> uses = new EnumMap<>(ActivityType.class);
        for (int slot = 0; slot < count; slot++) {
            if (minutes[slot] == 0) continue;
            DayOfWeek day = available.get(slot * available.size() / count);
            ScheduledActivity before = sessions.get(day.minus(1));
            ActivityType previous = before == null || day == DayOfWeek.MONDAY ? null
                    : WireName.parse(ActivityType.class, before.activity()).orElse(null);
            int slotMinutes = minutes[slot];
            // no activity on more than the layout's most days where enough for variety can be done in the session's
            // minutes
            int cap = layout.mostDaysOfOneWith(pool.stream().filter(a -> a.shortestSession() <= slotMinutes).count());
            boolean strengthFits = pool.stream().anyMatch(a -> a.kind() == ActivityKind.STRENGTH
                    && a.shortestSession() <= slotMinutes);
            if (kinds[slot] == ActivityKind.STRENGTH && !strengthFits && slotMinutes >= shortest) {
                // No strength activity is liked or allowed, or none can be done in so short a session: the
                // body-weight routine keeps the strength days (from the shortest session: shorter, the slot takes
                // another).
                int length = Math.min(slotMinutes, strengthRoutine.minutes());
                unplaced += slotMinutes - length;
                sessions.put(day, entry(strengthRoutine, ActivityKind.STRENGTH, length, routineIntensity(limits), limits));
                continue;
            }
            CatalogueActivity pick = pool.isEmpty() ? null
                    : pick(pool, kinds[slot], slotMinutes, previous, uses, cap, doneLastWeek);
            boolean fits = pick != null && slotMinutes >= pick.shortestSession();
            if (!fits && slotMinutes >= shortest) {
                // no activity the week can use fits the session: the body-weight routine does
                int length = Math.min(slotMinutes, strengthRoutine.minutes());
                unplaced += slotMinutes - length;
                sessions.put(day, entry(strengthRoutine, ActivityKind.STRENGTH, length, routineIntensity(limits), limits));
                continue;
            }
            if (!fits) {
                unplaced += slotMinutes;
                continue;
            }
            int length = Math.min(slotMinutes, pick.longestSession());
            unplaced += slotMinutes - length;
            uses.merge(pick.activity(), 1, Integer::sum);
            sessions.put(day, new ScheduledActivity(WireName.of(pick.activity()), pick.kind(), length,
                    pick.intensityWithin(limits.ceiling()), Exercise.without(pick.exercises(), limits.leftOut())));
        }
        return new Placed(sessions, unplaced);
    }

    /** The strength routine's intensity: moderate (PLAN.md, version 3), or the ceiling when it is lower. */
    private static Intensity routineIntensity(Limits limits) {
        return limits.ceiling().compareTo(Intensity.MODERATE) < 0 ? limits.ceiling() : Intensity.MODERATE;
    }

    /** The dose in whole five minutes over {@code count} sessions, the longer ones first, none over {@code length}. */
    static int[] split(int dose, int count, int length) {
        int units = dose / UNIT;
        int[] minutes = new int[count];
        for (int i = 0; i < count; i++) {
            minutes[i] = Math.min(length, (units / count + (i < units % count ? 1 : 0)) * UNIT);
        }
        return minutes;
    }

    /**
     * The kind of each session: strength on {@code strengthDays} sessions (keeping at least one other), flexibility or
     * balance spread among aerobic or leisure sessions; when strength comes first, every session may be strength.
     */
    private ActivityKind[] kinds(List<CatalogueActivity> pool, int count, int strengthDays,
            boolean strengthFirst) {
        long flexibility = pool.stream().filter(a -> Group.FLEXIBILITY.contains(a.kind())).count();
        int strengthSessions = Math.max(0, Math.min(strengthDays, strengthFirst ? count : count - 1));
        Layout layout = catalogue.layout();
        int flexibilitySessions = flexibility == 0 ? 0 : (count >= layout.sessionsForOneFlexibility() ? 1 : 0)
                + (count >= layout.sessionsForTwoFlexibility() && flexibility >= 2 ? 1 : 0);
        ActivityKind[] kinds = new ActivityKind[count];
        place(kinds, ActivityKind.STRENGTH, strengthSessions);
        place(kinds, ActivityKind.FLEXIBILITY, flexibilitySessions);
        for (int i = 0; i < count; i++) {
            if (kinds[i] == null) kinds[i] = ActivityKind.AEROBIC;
        }
        return kinds;
    }

    /** Puts {@code times} sessions of {@code kind} on free slots spread evenly (away from the first). */
    private static void place(ActivityKind[] kinds, ActivityKind kind, int times) {
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == null) free.add(i);
        }
        for (int i = 0; i < times && !free.isEmpty(); i++) {
            kinds[free.get((int) ((i + 0.5) * free.size() / times))] = kind;
        }
    }

    /**
     * The activity for one session: one that can be done for the session's minutes, of the wanted kind, not
     * yesterday's, under the cap, least used so far; each condition is given up, last first, only when no activity
     * meets them all.
     */
    private static CatalogueActivity pick(List<CatalogueActivity> pool, ActivityKind kind, int minutes,
            ActivityType previous, Map<ActivityType, Integer> uses, int cap, Set<ActivityType> doneLastWeek) {
        CatalogueActivity best = null;
        int bestScore = Integer.MAX_VALUE;
        for (CatalogueActivity candidate : pool) {
            int used = uses.getOrDefault(candidate.activity(), 0);
            boolean overCap = used >= cap;
            boolean repeat = candidate.activity() == previous;
            boolean otherKind = !Group.of(kind).contains(candidate.kind());
            // Lower is better: an activity that can be done in the session's minutes matters most, then staying under
            // the cap, then a change from yesterday, then the kind, then one whose longest session holds them all (the
            // rest go to other sessions), then using each activity equally, and something not done last week first;
            // ties go to the earlier activity in the pool.
            int score = (minutes < candidate.shortestSession() ? 10_000 : 0) + (overCap ? 1000 : 0)
                    + (repeat ? 100 : 0) + (otherKind ? 10 : 0) + (minutes > candidate.longestSession() ? 5 : 0)
                    + 2 * used + (doneLastWeek.contains(candidate.activity()) ? 1 : 0);
            if (score < bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /** Kinds that stand in for each other when sessions are laid out: aerobic and leisure count together. */
    private enum Group {
        AEROBIC(ActivityKind.AEROBIC, ActivityKind.LEISURE),
        STRENGTH(ActivityKind.STRENGTH),
        FLEXIBILITY(ActivityKind.FLEXIBILITY, ActivityKind.BALANCE);

        private final Set<ActivityKind> kinds;

        Group(ActivityKind first, ActivityKind... rest) {
            this.kinds = EnumSet.of(first, rest);
        }

        boolean contains(ActivityKind kind) {
            return kinds.contains(kind);
        }

        static Group of(ActivityKind kind) {
            for (Group group : values()) {
                if (group.contains(kind)) return group;
            }
            return AEROBIC;
        }
    }
}
