package org.backcare;

import static org.assertj.core.api.Assertions.assertThat;

import org.backcare.plan.ActivityKind;
import org.backcare.plan.Category;
import java.util.Comparator;
import java.util.List;
import org.backcare.plan.DayPlan;
import org.backcare.plan.Finding;
import org.backcare.plan.Intensity;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.ScheduledActivity;
import org.backcare.plan.TriageLevel;
import org.backcare.profile.Profile;
import org.backcare.profile.RedFlag;
import org.backcare.profile.RiskFactor;
import org.backcare.profile.WarningSign;
import org.backcare.profile.WireName;

/** The properties PLAN.md promises of every plan, checked against the profile it was made from. */
public final class PlanContract {
    private PlanContract() {
    }

    /** A field path as profiles write it: "pain.currentIntensity", "program.lastWeek.effort". */
    private static final java.util.regex.Pattern FIELD_PATH = java.util.regex.Pattern.compile(
            "\\b(pain|activity|sleep|sitting|diet|hydration|smoking|program|clinician)\\.[a-zA-Z]");
    /** A sentence's end: a full stop, question or exclamation mark before a space or the end. */
    private static final java.util.regex.Pattern SENTENCE_END = java.util.regex.Pattern.compile("[.!?](\\s|$)");

    /**
     * A recommendation's {@code why} (PLAN.md, version 3): plain words for the person, with no field path, no
     * threshold in brackets, no "0 minutes" or "1 minutes", at most two sentences, and every number given a unit or a
     * scale.
     */
    public static void plainWhy(Recommendation r) {
        String why = r.why();
        assertThat(why).as(r.id() + ".why").isNotBlank().doesNotContainPattern(FIELD_PATH)
                .doesNotContainPattern("(?<![0-9])[01] minutes").doesNotContain(" is true").doesNotContain(" is false")
                .doesNotContainPattern("\\((\\d+ or (more|less)|under \\d+|over \\d+)");
        assertThat(SENTENCE_END.matcher(why).results().count()).as(r.id() + ".why sentences: " + why)
                .isBetween(1L, 2L);
        assertThat(Character.isUpperCase(why.charAt(0)) || Character.isDigit(why.charAt(0)))
                .as(r.id() + ".why starts a sentence: " + why).isTrue();
    }

    public static void check(Profile profile, Plan plan) {
        assertThat(plan.profileId()).isEqualTo(profile.id());
        assertThat(plan.disclaimer()).isNotBlank();
        assertThat(plan.notAssessed()).isEqualTo(profile.notAssessed());
        for (int i = 0; i < plan.recommendations().size(); i++) {
            Recommendation r = plan.recommendations().get(i);
            assertThat(r.rank()).isEqualTo(i + 1);
            if (i > 0) assertThat(r.priority()).isLessThanOrEqualTo(plan.recommendations().get(i - 1).priority());
            assertThat(r.because()).as(r.id()).isNotEmpty();
            assertThat(r.evidence()).as(r.id()).isNotEmpty();
        }
        for (Recommendation r : plan.eachRecommendation()) plainWhy(r);
        if (plan.triage().level() == TriageLevel.SELF_CARE) {
            assertThat(plan.triage().reasons()).isEmpty();
            assertThat(plan.triage().findings()).isEmpty();
        } else {
            assertThat(plan.triage().reasons()).isNotEmpty();
            assertThat(plan.recommendations().get(0).category()).isEqualTo(Category.SAFETY);
            // most urgent first, and the most urgent sets the level
            assertThat(plan.triage().findings()).isNotEmpty().isSortedAccordingTo(Comparator.comparing(Finding::within));
            assertThat(plan.triage().findings().get(0).level()).isEqualTo(plan.triage().level());
        }
        // every finding's red flags were reported, and its risk factors hold (older age: 70 or more); every reported
        // flag is behind a finding, but for those that are context (a cancer history or osteoporosis without back
        // pain now) or that a clinician assessed (PROFILE.md, version 3)
        List<RedFlag> reported = profile.pain() == null ? List.of() : profile.pain().redFlags();
        List<WarningSign> behind = plan.triage().findings().stream().flatMap(f -> f.flags().stream()).distinct().toList();
        for (WarningSign sign : behind) {
            if (sign instanceof RedFlag flag) assertThat(reported).contains(flag);
            else assertThat(sign).isEqualTo(RiskFactor.OLDER_AGE).matches(s -> profile.age() >= 70);
        }
        List<RedFlag> assessed = plan.triage().clinician() == null ? List.of() : plan.triage().clinician().assessed();
        boolean backPainNow = profile.pain() != null
                && (profile.pain().currentIntensity() > 0 || !profile.pain().areas().isEmpty());
        for (RedFlag flag : reported) {
            boolean context = !backPainNow
                    && (flag == RedFlag.HISTORY_OF_CANCER || flag == RedFlag.OSTEOPOROSIS_OR_STEROIDS);
            if (!behind.contains(flag)) assertThat(context || assessed.contains(flag)).as(flag + " behind no finding")
                    .isTrue();
        }
        assertThat(plan.triage().redFlagsScreened()).isEqualTo(profile.pain() == null
                || profile.pain().redFlagsScreened());
        // the focus is the first three recommendations (or all of them when fewer)
        assertThat(plan.focus()).isEqualTo(plan.recommendations().stream().limit(3).map(Recommendation::id).toList());
        if (plan.triage().level() == TriageLevel.URGENT) {
            assertThat(plan.weeklyPlan()).isNull();
            assertThat(plan.recommendations()).extracting(Recommendation::category)
                    .isSubsetOf(Category.SAFETY, Category.EDUCATION);
            return;
        }
        assertThat(plan.weeklyPlan().days()).extracting(DayPlan::day).containsExactly(java.time.DayOfWeek.values());
        assertThat(plan.weeklyPlan().totalMinutes())
                .isEqualTo(plan.weeklyPlan().days().stream().mapToInt(DayPlan::minutes).sum());
        for (DayPlan day : plan.weeklyPlan().days()) {
            for (ScheduledActivity entry : day.activities()) {
                assertThat(entry.minutes()).isPositive();
                boolean needsExercises = entry.kind() == ActivityKind.MOBILITY || entry.kind() == ActivityKind.STRENGTH
                        || entry.kind() == ActivityKind.BALANCE;
                assertThat(entry.exercises()).as(entry.activity() + " exercises").matches(e -> e.isEmpty() != needsExercises);
                // PLAN.md, version 3: a see-clinician plan whose findings are all routine referrals (the inflammatory
                // pattern: exercise is part of its treatment) is not capped; every other one is light at most
                boolean routineOnly = plan.triage().findings().stream()
                        .allMatch(f -> f.within() == org.backcare.plan.Within.ROUTINE);
                if (plan.triage().level() == TriageLevel.SEE_CLINICIAN && !routineOnly) {
                    assertThat(entry.intensity()).isIn(Intensity.GENTLE, Intensity.LIGHT);
                }
                if (profile.activity() == null) continue;
                if (profile.activity().minutesPerSession() != null) {
                    assertThat(entry.minutes()).isLessThanOrEqualTo(profile.activity().minutesPerSession());
                }
                assertThat(profile.activity().dislikes()).extracting(WireName::of).doesNotContain(entry.activity());
                if (entry.kind() != ActivityKind.MOBILITY) {
                    assertThat(profile.activity().availableDays()).contains(day.day());
                }
            }
        }
    }
}
