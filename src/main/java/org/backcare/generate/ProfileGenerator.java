package org.backcare.generate;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.backcare.profile.Activity;
import org.backcare.profile.AllowedIntensity;
import org.backcare.profile.Assessment;
import org.backcare.profile.AssessmentOutcome;
import org.backcare.profile.Clinician;
import org.backcare.profile.ActivityType;
import org.backcare.profile.Bothersomeness;
import org.backcare.profile.Diet;
import org.backcare.profile.FearOfMovement;
import org.backcare.profile.Hydration;
import org.backcare.profile.LastWeek;
import org.backcare.profile.LegCrossing;
import org.backcare.profile.Pain;
import org.backcare.profile.PainTrend;
import org.backcare.profile.Program;
import org.backcare.profile.PainArea;
import org.backcare.profile.Profile;
import org.backcare.profile.RedFlag;
import org.backcare.profile.Sitting;
import org.backcare.profile.Sleep;
import org.backcare.profile.SleepPosition;
import org.backcare.profile.Smoking;
import org.backcare.profile.SmokingStatus;
import org.backcare.profile.StartBack;

/**
 * Makes varied, valid, realistic profiles for tests, benchmarks and demonstrations: every section present in most
 * profiles and absent in some, every enum value, red flags in about one profile in sixteen (urgent ones rarer), red
 * flags not screened in about one pain section in eight, clinicians' assessments of some reported flags, and values
 * that keep the profile format's cross-field rules.
 *
 * <p>Deterministic: profile {@code i} of a generator with seed {@code s} is always the same, whatever else was
 * generated before, so profiles can be made in parallel or resumed. Immutable and thread-safe.
 */
public final class ProfileGenerator {
    private static final RedFlag[] URGENT = {RedFlag.BLADDER_OR_BOWEL_CHANGE, RedFlag.SADDLE_NUMBNESS,
        RedFlag.PROGRESSIVE_LEG_WEAKNESS, RedFlag.RECENT_MAJOR_TRAUMA, RedFlag.SCIATICA_BOTH_LEGS,
        RedFlag.NEW_SEXUAL_DYSFUNCTION, RedFlag.UNSTEADY_WALKING};
    private static final RedFlag[] SEE_CLINICIAN = {RedFlag.HISTORY_OF_CANCER, RedFlag.UNEXPLAINED_WEIGHT_LOSS,
        RedFlag.FEVER, RedFlag.OSTEOPOROSIS_OR_STEROIDS, RedFlag.CONSTANT_NIGHT_PAIN, RedFlag.IV_DRUG_USE,
        RedFlag.IMMUNOSUPPRESSED, RedFlag.RECENT_INFECTION, RedFlag.INFLAMMATORY_PATTERN};

    private final long seed;

    public ProfileGenerator(long seed) {
        this.seed = seed;
    }

    /**
     * Profile number {@code index} (from 0) of this generator, with the id {@code gen-<index>}. The fields of version 3
     * of the profile format (red flags not screened, the pain's trend, last week's red flags, a clinician's section)
     * are drawn from a second stream, so that the other fields are what earlier versions generated.
     */
    public Profile profile(long index) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        Draw draw = new Draw(random);
        int age = draw.chance(0.95) ? draw.between(18, 85) : draw.between(86, 110);
        Smoking smoking = draw.chance(0.85) ? smoking(draw) : null;
        Sleep sleep = draw.chance(0.85) ? sleep(draw) : null;
        Sitting sitting = draw.chance(0.8) ? sitting(draw) : null;
        Diet diet = draw.chance(0.7) ? diet(draw) : null;
        Hydration hydration = draw.chance(0.75) ? hydration(draw) : null;
        Pain pain = draw.chance(0.8) ? pain(draw, age) : null;
        Activity activity = draw.chance(0.85) ? activity(draw) : null;
        Program program = draw.chance(0.3) ? program(draw) : null;

        Draw v3 = new Draw(new SplittableRandom(seed * 0xC2B2AE3D27D4EB4FL + index + 1));
        if (pain != null) pain = version3(pain, v3);
        if (program != null && program.lastWeek() != null && pain != null) program = lastWeekFlags(program, pain, v3);
        return new Profile(String.format("gen-%07d", index), age, smoking, sleep, sitting, diet, hydration, pain,
                activity, program, pain == null ? null : clinician(pain, v3));
    }

    /** Red flags not screened in about one pain section in eight that reports none, and a trend in four of ten. */
    private static Pain version3(Pain pain, Draw draw) {
        boolean screened = !pain.redFlags().isEmpty() || !draw.chance(0.125);
        PainTrend trend = draw.chance(0.4) ? draw.weighted(PainTrend.values(), 35, 40, 25) : null;
        return new Pain(pain.currentIntensity(), pain.usualIntensity(), pain.worstIntensityLastMonth(), pain.areas(),
                pain.durationWeeks(), pain.flaresLastYear(), pain.fearOfMovement(), pain.redFlags(), screened,
                pain.startBack(), trend);
    }

    /** Last week's red flags: in a programme, the flags reported now were often reported last week too. */
    private static Program lastWeekFlags(Program program, Pain pain, Draw draw) {
        LastWeek last = program.lastWeek();
        List<RedFlag> before = pain.redFlags().isEmpty() || !draw.chance(0.6) ? List.of()
                : draw.subset(pain.redFlags().toArray(RedFlag[]::new), 0.8);
        return new Program(program.week(), new LastWeek(last.plannedMinutes(), last.completedMinutes(),
                last.activities(), last.painDuringMax(), last.painSettledNextMorning(), last.effort(), before,
                last.comfortableWeeks()));
    }

    /**
     * A clinician's section now and then: assessments of about half the reported flags in a third of the profiles
     * that report any (every outcome, a date in 2026, sometimes who), and a ceiling, exclusions or a note in a few.
     */
    private static Clinician clinician(Pain pain, Draw draw) {
        List<Assessment> assessed = new ArrayList<>();
        if (!pain.redFlags().isEmpty() && draw.chance(0.35)) {
            for (RedFlag flag : pain.redFlags()) {
                if (!draw.chance(0.6)) continue;
                assessed.add(new Assessment(flag, LocalDate.of(2026, 1, 1).plusDays(draw.between(0, 364)),
                        draw.weighted(AssessmentOutcome.values(), 50, 50),
                        draw.chance(0.5) ? "clinician " + draw.between(1, 40) : null));
            }
        }
        AllowedIntensity ceiling = draw.chance(0.05) ? draw.weighted(AllowedIntensity.values(), 15, 40, 35, 10) : null;
        List<ActivityType> excluded = draw.chance(0.05) ? draw.shuffledSubset(ActivityType.values(), 0.15, 2)
                : List.of();
        String note = draw.chance(0.03) ? "reviewed; see the notes of visit " + draw.between(1, 99) : null;
        if (assessed.isEmpty() && ceiling == null && excluded.isEmpty() && note == null) return null;
        return new Clinician(assessed, ceiling, excluded, note);
    }

    /** A programme week, mostly with last week's feedback: every decision and its boundaries come up. */
    private static Program program(Draw draw) {
        int week = draw.chance(0.15) ? 1 : draw.between(2, 52);
        if (week == 1) return new Program(1, null);
        int planned = 5 * draw.between(2, 60);
        Integer completed = draw.chance(0.9) ? (int) Math.round(planned * draw.between(0, 100) / 100.0) : null;
        List<ActivityType> done = draw.shuffledSubset(ActivityType.values(), 0.2, 4);
        Integer pain = draw.maybe(0.85, 0, 9);
        Boolean settled = draw.chance(0.85) ? !draw.chance(0.2) : null;
        Integer effort = draw.maybe(0.85, 2, 9);
        // weeks in a row done with pain settled, last week the latest: none unless last week was one
        boolean comfortable = completed != null && completed * 100 >= planned * 80 && pain != null && pain <= 5
                && Boolean.TRUE.equals(settled);
        Integer comfortableWeeks = draw.chance(0.5) ? (comfortable ? draw.between(1, Math.min(week - 1, 6)) : 0) : null;
        return new Program(week, new LastWeek(planned, completed,
                completed != null && completed == 0 ? List.of() : done, pain, settled, effort, List.of(),
                comfortableWeeks));
    }

    private static Smoking smoking(Draw draw) {
        SmokingStatus status = draw.weighted(SmokingStatus.values(), 55, 25, 20);
        if (status != SmokingStatus.CURRENT) {
            return new Smoking(status, draw.chance(0.3) ? 0 : null, draw.chance(0.1) ? draw.chance(0.5) : null);
        }
        return new Smoking(status, draw.chance(0.8) ? draw.between(1, 40) : null,
                draw.chance(0.8) ? draw.chance(0.45) : null);
    }

    private static Sleep sleep(Draw draw) {
        return new Sleep(draw.weighted(SleepPosition.values(), 30, 45, 15, 10),
                draw.chance(0.85) ? draw.between(8, 19) / 2.0 : null,
                draw.chance(0.85) ? draw.chance(0.4) : null);
    }

    private static Sitting sitting(Draw draw) {
        Double hours = draw.chance(0.9) ? draw.between(2, 28) / 2.0 : null;
        int longestCap = hours == null ? 240 : (int) Math.min(240, hours * 60);
        return new Sitting(hours,
                draw.chance(0.8) ? draw.between(Math.min(10, longestCap), longestCap) : null,
                draw.chance(0.85) ? draw.weighted(LegCrossing.values(), 40, 30, 30) : null,
                draw.chance(0.8) ? draw.chance(0.25) : null);
    }

    private static Diet diet(Draw draw) {
        return new Diet(draw.maybe(0.9, 0, 8), draw.maybe(0.9, 0, 14), draw.maybe(0.9, 0, 9), draw.maybe(0.85, 0, 6),
                draw.maybe(0.85, 0, 4));
    }

    private static Hydration hydration(Draw draw) {
        return new Hydration(draw.chance(0.9) ? draw.between(2, 24) / 2.0 : null,
                draw.chance(0.85) ? draw.chance(0.3) : null);
    }

    private static Pain pain(Draw draw, int age) {
        int current = draw.weighted(new Integer[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 6, 8, 12, 14, 13, 12, 10, 9, 8,
                5, 3);
        List<PainArea> areas = draw.subset(PainArea.values(), 0.35);
        List<RedFlag> flags = new ArrayList<>();
        if (draw.chance(0.015)) flags.add(URGENT[draw.between(0, URGENT.length - 1)]);
        if (draw.chance(0.05)) flags.add(SEE_CLINICIAN[draw.between(0, SEE_CLINICIAN.length - 1)]);
        // A second flag now and then, so that combinations (cancer with night pain, fever with a risk of infection)
        // come up.
        if (!flags.isEmpty() && draw.chance(0.3)) {
            RedFlag second = SEE_CLINICIAN[draw.between(0, SEE_CLINICIAN.length - 1)];
            if (!flags.contains(second)) flags.add(second);
        }
        return new Pain(current,
                draw.chance(0.6) ? draw.between(Math.max(0, current - 4), Math.min(10, current + 1)) : null,
                draw.chance(0.8) ? draw.between(current, 10) : null,
                areas,
                !draw.chance(0.85) ? null : draw.chance(0.4) ? draw.between(0, 12)
                        : draw.between(13, Math.min(520, age * 52)),
                draw.maybe(0.8, 0, 12),
                draw.chance(0.85) ? draw.weighted(FearOfMovement.values(), 30, 35, 20, 15) : null,
                flags,
                draw.chance(0.5) ? startBack(draw, current) : null,
                null);
    }

    private static StartBack startBack(Draw draw, int pain) {
        double p = 0.15 + pain * 0.05;
        return new StartBack(draw.chance(p), draw.chance(p), draw.chance(p), draw.chance(p), draw.chance(p),
                draw.chance(p), draw.chance(p), draw.chance(p),
                draw.weighted(Bothersomeness.values(), 10, 25, 30, 25, 10));
    }

    private static Activity activity(Draw draw) {
        List<ActivityType> likes = draw.shuffledSubset(ActivityType.values(), 0.25, 6);
        List<ActivityType> dislikes = new ArrayList<>();
        for (ActivityType type : draw.shuffledSubset(ActivityType.values(), 0.15, 3)) {
            if (!likes.contains(type)) dislikes.add(type);
        }
        List<DayOfWeek> days = draw.chance(0.4) ? draw.subset(DayOfWeek.values(), 0.55) : null;
        Integer minutes = !draw.chance(0.9) ? null
                : draw.chance(0.25) ? draw.between(0, 59) : draw.chance(0.6) ? draw.between(60, 300)
                : draw.between(300, 900);
        return new Activity(minutes, likes, dislikes, days, draw.chance(0.6) ? 5 * draw.between(2, 18) : null);
    }

    /** Random choices from one stream. */
    private record Draw(SplittableRandom random) {
        boolean chance(double p) {
            return random.nextDouble() < p;
        }

        int between(int low, int high) {
            return random.nextInt(low, high + 1);
        }

        Integer maybe(double present, int low, int high) {
            return chance(present) ? between(low, high) : null;
        }

        <T> T weighted(T[] values, int... weights) {
            int total = 0;
            for (int w : weights) total += w;
            int pick = random.nextInt(total);
            for (int i = 0; i < values.length; i++) {
                pick -= weights[i];
                if (pick < 0) return values[i];
            }
            return values[values.length - 1];
        }

        /** Each value with probability {@code p}, in declaration order. */
        <T> List<T> subset(T[] values, double p) {
            List<T> chosen = new ArrayList<>();
            for (T value : values) {
                if (chance(p)) chosen.add(value);
            }
            return chosen;
        }

        /** Each value with probability {@code p}, at most {@code max}, in a random order (likes have an order). */
        <T> List<T> shuffledSubset(T[] values, double p, int max) {
            List<T> chosen = subset(values, p);
            for (int i = chosen.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                T swap = chosen.get(i);
                chosen.set(i, chosen.get(j));
                chosen.set(j, swap);
            }
            return chosen.size() > max ? new ArrayList<>(chosen.subList(0, max)) : chosen;
        }
    }
}
