package org.backcare.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.backcare.Fixtures;
import org.backcare.plan.Finding;
import org.backcare.plan.TriageLevel;
import org.backcare.plan.Within;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.RedFlag;
import org.junit.jupiter.api.Test;

/** The lifecycle of a red flag over a simulated programme (PROFILE.md, version 3): persisting, then assessed. */
class SimulationTest {
    private final Simulation simulation = new Simulation(Fixtures.planner());

    private static Profile frank() throws Exception {
        return new ProfileReader().read(Path.of("profiles/frank-osteoporosis.yaml"));
    }

    @Test
    void aFearfulPersonAtHighRiskWhoDoesWellStepsUpFromLightAndComesBackDownAfterAPainfulWeek() throws Exception {
        // PLAN.md, version 3 (graded exposure): a fear or high-risk ceiling steps up after two comfortable weeks
        Profile dev = new ProfileReader().read(Path.of("profiles/dev-anxious-programmer.yaml"));
        assertThat(dev.pain().fearOfMovement()).isEqualTo(org.backcare.profile.FearOfMovement.HIGH);
        assertThat(Fixtures.planner().plan(dev).riskGroup()).isEqualTo(org.backcare.plan.RiskGroup.HIGH);

        List<SimulatedWeek> allDone = simulation.run(dev, FeedbackScenario.ALL_DONE, 12);
        assertThat(allDone.subList(0, 2)).allMatch(w -> w.hardest() == org.backcare.plan.Intensity.LIGHT);
        assertThat(allDone.subList(2, 12)).allMatch(w -> w.hardest() == org.backcare.plan.Intensity.MODERATE);
        assertThat(allDone.get(2).plan().recommendations()).filteredOn(r -> r.id().equals("activity-this-week"))
                .flatExtracting(r -> r.because()).anyMatch(reason -> reason.startsWith(
                        "program.lastWeek.comfortableWeeks is 2 (2 or more in a row"));

        // pain that does not settle in week 4 starts the count again: week 5 eases back, light, and so does week 6
        List<SimulatedWeek> painful = simulation.run(dev, FeedbackScenario.PAIN_NOT_SETTLING, 8);
        assertThat(painful.get(Simulation.PAIN_WEEK).hardest()).isEqualTo(org.backcare.plan.Intensity.LIGHT);
        assertThat(painful.get(Simulation.PAIN_WEEK + 1).hardest()).isEqualTo(org.backcare.plan.Intensity.LIGHT);
        assertThat(painful.get(Simulation.PAIN_WEEK + 3).hardest()).isEqualTo(org.backcare.plan.Intensity.MODERATE);
    }

    @Test
    void aClinicianWhoAssessesOsteoporosisInWeek3LetsTheWeeksStepUpWithItsPrecautionsKept() throws Exception {
        List<SimulatedWeek> weeks = simulation.run(frank(), FeedbackScenario.CLINICIAN_ASSESSES, 12);

        // week 1: a finding within a week; week 2: still reported and not assessed, so persisting, within 24 hours
        assertThat(weeks.get(0).triage()).isEqualTo(TriageLevel.SEE_CLINICIAN);
        assertThat(weeks.get(1).triage()).isEqualTo(TriageLevel.URGENT);
        Finding persisting = weeks.get(1).plan().triage().findings().get(0);
        assertThat(persisting.persisting()).isTrue();
        assertThat(persisting.within()).isEqualTo(Within.HOURS_24);
        // from week 3, assessed (managed): no finding, the precautions kept, and the weeks step up
        for (SimulatedWeek week : weeks.subList(Simulation.ASSESSED_WEEK - 1, weeks.size())) {
            assertThat(week.triage()).isEqualTo(TriageLevel.SELF_CARE);
            assertThat(week.plan().triage().clinician().assessed()).containsExactly(RedFlag.OSTEOPOROSIS_OR_STEROIDS);
            assertThat(week.plan().recommendations()).anyMatch(r -> r.id().equals("movement-protect-your-spine"));
        }
        for (int i = Simulation.ASSESSED_WEEK; i < 7; i++) {
            assertThat(weeks.get(i).minutes()).as("week %d", weeks.get(i).week())
                    .isGreaterThan(weeks.get(i - 1).minutes());
        }
        assertThat(weeks.get(6).minutes()).isGreaterThan(weeks.get(0).minutes());
    }

    @Test
    void withoutAnAssessmentTheSameWeeksStayUrgentWithNothingPlanned() throws Exception {
        List<SimulatedWeek> weeks = simulation.run(frank(), FeedbackScenario.ALL_DONE, 6);

        assertThat(weeks.subList(1, 6)).allSatisfy(week -> {
            assertThat(week.triage()).isEqualTo(TriageLevel.URGENT);
            assertThat(week.minutes()).isZero();
        });
    }

    @Test
    void nightPainReportedAWeekAgainIsPersistingAndUrgent() throws Exception {
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));

        List<SimulatedWeek> weeks = simulation.run(maria, FeedbackScenario.RED_FLAG, 8);

        SimulatedWeek first = weeks.get(Simulation.RED_FLAG_WEEK - 1);
        SimulatedWeek second = weeks.get(Simulation.RED_FLAG_WEEK);
        assertThat(first.triage()).isEqualTo(TriageLevel.SEE_CLINICIAN);
        assertThat(first.plan().triage().findings()).singleElement().matches(f -> !f.persisting());
        assertThat(second.triage()).isEqualTo(TriageLevel.URGENT);
        assertThat(second.plan().triage().findings()).singleElement()
                .matches(f -> f.persisting() && f.within() == Within.HOURS_24 && f.action().contains("today"));
    }

    @Test
    void newSeverePainAt85IsCheckedWhileItIsSevereThenTheWeeksStepUp() throws Exception {
        Profile margaret = new ProfileReader().read(Path.of("profiles/margaret-new-thoracic-pain.json"));

        List<SimulatedWeek> weeks = simulation.run(margaret, FeedbackScenario.ALL_DONE, 12);

        // week 1: new severe pain at 85, a possible fragility fracture; after comfortable weeks her pain settles to
        // her usual 1 of 10 (the simulation's assumption), the finding ends, and the weeks step up from there
        assertThat(weeks.get(0).triage()).isEqualTo(TriageLevel.SEE_CLINICIAN);
        assertThat(weeks.get(0).plan().triage().findings()).singleElement()
                .matches(f -> f.suspected().equals("fragility (vertebral) fracture"));
        assertThat(weeks.subList(1, 12)).allMatch(w -> w.triage() == TriageLevel.SELF_CARE);
        for (int i = 2; i < 12; i++) assertThat(weeks.get(i).minutes()).isGreaterThan(weeks.get(i - 1).minutes());
    }
}
