package org.backcare.fhir;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import org.backcare.plan.DayPlan;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.ScheduledActivity;
import org.backcare.plan.Triage;
import org.backcare.plan.WeeklyPlan;
import org.backcare.profile.Profile;
import org.backcare.profile.WireName;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Timing;

/**
 * A plan as FHIR R4 resources, in a collection {@code Bundle}: the {@code Patient}; a {@code CarePlan} (active, a plan
 * for the patient, instantiating the rule set by its version) with one activity per scheduled session (its day, minutes
 * and what to do) and one per recommendation (title, advice, the facts behind it), the rule and evidence of each in its
 * notes, and the disclaimer; a {@code Goal} for the week's minutes; and a {@code RiskAssessment} for each red-flag
 * finding (what is suspected, the action and how soon) and for the STarT Back risk group. The same plan always gives
 * the same Bundle. Thread-safe and stateless.
 */
public final class CarePlanBundles {
    /** The rule set a plan follows, as {@code CarePlan.instantiatesUri}: this, then the plan's rules version. */
    public static final String RULES_URI = "urn:backcare:rules:";
    private static final List<Timing.DayOfWeek> DAYS = List.of(Timing.DayOfWeek.MON, Timing.DayOfWeek.TUE,
            Timing.DayOfWeek.WED, Timing.DayOfWeek.THU, Timing.DayOfWeek.FRI, Timing.DayOfWeek.SAT,
            Timing.DayOfWeek.SUN);

    /** The Bundle for {@code plan}, made for {@code profile}, with a Patient that holds the profile's id. */
    public Bundle toBundle(Profile profile, Plan plan) {
        return toBundle(profile, plan, null, null);
    }

    /**
     * The Bundle for {@code plan}, about {@code person} (the Patient the profile was read from, kept as it was, with
     * its ids and identifiers, so that an app can file the CarePlan with its patient) at {@code personUrl} (its
     * {@code fullUrl}; {@code null}: {@code Patient/} and its id). A {@code null} person: as {@link #toBundle(Profile, Plan)}.
     */
    public Bundle toBundle(Profile profile, Plan plan, Patient person, String personUrl) {
        String id = plan.profileId();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        String patientUrl;
        if (person == null) {
            patientUrl = ProfileBundles.url(id, "Patient");
            Patient made = new Patient();
            made.setId(idOf(patientUrl));
            made.addIdentifier().setSystem(ProfileBundles.PROFILE_ID_SYSTEM).setValue(profile.id());
            bundle.addEntry().setFullUrl(patientUrl).setResource(made);
        } else {
            patientUrl = personUrl != null ? personUrl : "Patient/" + person.getIdElement().getIdPart();
            bundle.addEntry().setFullUrl(personUrl).setResource(person.copy());
        }
        Reference patient = new Reference(patientUrl);

        CarePlan care = new CarePlan()
                .setStatus(CarePlan.CarePlanStatus.ACTIVE)
                .setIntent(CarePlan.CarePlanIntent.PLAN)
                .setSubject(patient)
                .setTitle("Back-care plan" + (plan.progression() == null ? "" : ", programme week "
                        + plan.progression().week()))
                .setDescription(description(plan));
        String careUrl = ProfileBundles.url(id, "CarePlan");
        care.setId(idOf(careUrl));
        care.addInstantiatesUri(RULES_URI + plan.rulesVersion());

        for (int i = 0; i < plan.triage().findings().size(); i++) {
            Finding finding = plan.triage().findings().get(i);
            RiskAssessment risk = new RiskAssessment()
                    .setStatus(RiskAssessment.RiskAssessmentStatus.FINAL)
                    .setSubject(patient)
                    .setCode(new CodeableConcept().setText("Red-flag finding (NICE NG59)"))
                    .setMitigation(finding.action() + " (within: " + WireName.of(finding.within())
                            + (finding.persisting() ? ", persisting: reported last week too" : "") + ")");
            risk.addPrediction()
                    .setOutcome(new CodeableConcept().setText(finding.suspected()))
                    .setQualitativeRisk(new CodeableConcept().setText(WireName.of(finding.level())))
                    .setRationale(finding.flagNames() + ": " + String.join("; ", finding.because()));
            String url = ProfileBundles.url(id, "finding-" + i);
            risk.setId(idOf(url));
            bundle.addEntry().setFullUrl(url).setResource(risk);
            care.addSupportingInfo(new Reference(url));
        }
        if (plan.riskGroup() != null) {
            RiskAssessment risk = new RiskAssessment()
                    .setStatus(RiskAssessment.RiskAssessmentStatus.FINAL)
                    .setSubject(patient)
                    .setCode(new CodeableConcept().setText("STarT Back risk group (Hill et al. 2008)"));
            risk.addPrediction()
                    .setOutcome(new CodeableConcept().setText("a poor outcome of back pain"))
                    .setQualitativeRisk(new CodeableConcept().setText(WireName.of(plan.riskGroup())));
            String url = ProfileBundles.url(id, "start-back-risk");
            risk.setId(idOf(url));
            bundle.addEntry().setFullUrl(url).setResource(risk);
            care.addSupportingInfo(new Reference(url));
        }

        WeeklyPlan week = plan.weeklyPlan();
        Reference goal = null;
        if (week != null) {
            String goalUrl = ProfileBundles.url(id, "Goal");
            Goal minutes = new Goal()
                    .setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE)
                    .setSubject(patient)
                    .setDescription(new CodeableConcept().setText(week.mainMinutes() + " minutes of activity this week,"
                            + " and the daily spine routine (" + week.totalMinutes() + " minutes in all)"));
            minutes.addTarget()
                    .setMeasure(new CodeableConcept().setText("minutes of activity a week, the daily routine apart"))
                    .setDetail(new Quantity().setValue(week.mainMinutes()).setUnit("min")
                            .setSystem(ProfileBundles.UCUM).setCode("min"));
            minutes.setId(idOf(goalUrl));
            bundle.addEntry().setFullUrl(goalUrl).setResource(minutes);
            care.addGoal(new Reference(goalUrl));
            goal = new Reference(goalUrl);
            for (DayPlan day : week.days()) {
                for (ScheduledActivity session : day.activities()) {
                    CarePlan.CarePlanActivityDetailComponent detail = care.addActivity().getDetail()
                            .setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED)
                            .setCode(new CodeableConcept().setText(session.activity()))
                            .setDescription(describe(day.day(), session));
                    detail.setScheduled(new Timing().setRepeat(new Timing.TimingRepeatComponent()
                            .setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.WK)
                            .addDayOfWeek(DAYS.get(day.day().ordinal()))
                            .setDuration(session.minutes()).setDurationUnit(Timing.UnitsOfTime.MIN)));
                    detail.addGoal(goal.copy());
                }
            }
        }
        // every piece of advice its own activity, those merged into one recommendation included
        for (Recommendation recommendation : plan.eachRecommendation()) {
            CarePlan.CarePlanActivityDetailComponent detail = care.addActivity().getDetail()
                    .setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
                    .setCode(new CodeableConcept().setText(recommendation.title()))
                    .setDescription(recommendation.advice());
            for (String reason : recommendation.because()) detail.addReasonCode(new CodeableConcept().setText(reason));
            care.addNote(new Annotation().setText("Recommendation " + recommendation.rank() + " ("
                    + recommendation.id() + ", " + WireName.of(recommendation.category()) + "): rule \""
                    + recommendation.rule() + "\"; evidence: " + String.join(", ", recommendation.evidence())));
        }
        if (plan.progression() != null) {
            care.addNote(new Annotation().setText("Progression: " + WireName.of(plan.progression().decision())
                    + ", from " + plan.progression().fromMinutes() + " to " + plan.progression().toMinutes()
                    + " minutes of activity: " + String.join("; ", plan.progression().because())));
        }
        if (!plan.notAssessed().isEmpty()) {
            care.addNote(new Annotation().setText("Not assessed: " + String.join(", ", plan.notAssessed())));
        }
        if (!plan.triage().redFlagsScreened()) {
            care.addNote(new Annotation().setText(Triage.NOT_SCREENED_NOTICE));
        }
        if (plan.triage().clinician() != null) {
            care.addNote(new Annotation().setText(plan.triage().clinician().summary()));
        }
        care.addNote(new Annotation().setText(plan.disclaimer()));
        bundle.addEntry().setFullUrl(careUrl).setResource(care);
        return bundle;
    }

    private static String description(Plan plan) {
        List<String> focus = new ArrayList<>();
        for (String id : plan.focus()) {
            plan.recommendations().stream().filter(r -> r.id().equals(id)).findFirst()
                    .ifPresent(r -> focus.add(r.title()));
        }
        String triage = plan.triage().findings().isEmpty()
                ? plan.triage().redFlagsScreened() ? "" : Triage.NOT_SCREENED_NOTICE + " "
                : switch (plan.triage().findings().get(0).within()) {
            case NOW -> "Urgent: seek care now, at an emergency department; no activity is planned. ";
            case HOURS_24 -> "Urgent: speak to a doctor today, within 24 hours; no activity is planned. ";
            case WEEK_1 -> "See a doctor within a week; nothing above light effort is planned. ";
            case ROUTINE -> "Ask for a routine referral; nothing above light effort is planned. ";
        };
        return triage + "This week's focus: " + String.join("; ", focus) + ".";
    }

    private static String describe(DayOfWeek day, ScheduledActivity session) {
        String text = WireName.of(day) + ": " + session.activity() + ", " + session.minutes() + " minutes, "
                + WireName.of(session.intensity()) + " (" + WireName.of(session.kind()) + ")";
        return session.exercises().isEmpty() ? text : text + ". " + String.join("; ", session.exercises());
    }

    private static String idOf(String url) {
        return url.substring("urn:uuid:".length());
    }
}
