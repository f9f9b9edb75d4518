package org.backcare.fhir;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.backcare.plan.PlanWriter;
import org.backcare.rules.AdviceText;
import org.backcare.rules.Evidence;
import org.backcare.rules.RuleInfo;
import org.backcare.rules.RuleSet;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.Resource;
import java.util.ArrayList;
import java.util.List;
import org.backcare.plan.DayPlan;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.plan.RuleReasons;
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
 * A plan as FHIR R4 resources an EHR can file, in a {@code Bundle} stamped with the plan's date: the {@code Patient};
 * the facts the plan was made from (an {@code Observation} per profile field and the STarT Back
 * {@code QuestionnaireResponse}, dated); a {@code CarePlan} (active, a plan for the patient, created on the plan's date
 * for the week from it, instantiating the rule set's {@code PlanDefinition} by canonical URL and version) with one
 * activity per scheduled session (its day, minutes and what to do) and one per recommendation (title, advice, the facts
 * behind it), the rule and evidence of each in its notes, and the disclaimer; a {@code Goal} for the week's minutes;
 * and a {@code RiskAssessment} for each red-flag finding (what is suspected, the action and how soon) and for the
 * STarT Back risk group, each with the facts it rests on as its {@code basis}.
 *
 * <p>Every entry has a {@code fullUrl} and every resource Backcare makes an identifier (its {@code urn:uuid}), both
 * derived from the plan's content and day: the same plan on the same day gives the same ids, and next week's plan new
 * ones, so that filing it never overwrites this week's. As a transaction ({@link Writing#transaction()}) each entry is a conditional create:
 * the Patient by its identifier, the rest by theirs, the {@code PlanDefinition} by its URL and version, so that posting
 * one plan twice creates nothing twice. docs/fhir.md has the mapping, and how it maps to R5. Thread-safe and stateless.
 */
public final class CarePlanBundles {
    /**
     * The canonical URL of the rule set's {@code PlanDefinition} ({@code --emit plandefinition}), which a CarePlan names
     * with its version as {@code instantiatesCanonical}: an identifier, resolved where the PlanDefinition is filed (a
     * transaction Bundle files it).
     */
    public static final String RULES_CANONICAL = "https://backcare.org/fhir/PlanDefinition/backcare-rules";
    /** The identifier system of a resource identified by its own {@code urn:uuid} (RFC 3986). */
    static final String URI_SYSTEM = "urn:ietf:rfc:3986";
    private static final List<Timing.DayOfWeek> DAYS = List.of(Timing.DayOfWeek.MON, Timing.DayOfWeek.TUE,
            Timing.DayOfWeek.WED, Timing.DayOfWeek.THU, Timing.DayOfWeek.FRI, Timing.DayOfWeek.SAT,
            Timing.DayOfWeek.SUN);
    private static final PlanWriter PLANS = new PlanWriter();

    /** Writes plans as FHIR R4; one may be shared by any number of threads. */
    public CarePlanBundles() {
    }

    /**
     * How a plan's Bundle is written: when the plan was made (the Bundle's timestamp and every date in it), whether as
     * a transaction an EHR's FHIR server can take (else a collection), and the rule set's {@code PlanDefinition} to
     * file with it (a transaction only; {@code null}: none).
     */
    public record Writing(OffsetDateTime made, boolean transaction, PlanDefinition rules,
            Map<String, java.time.Instant> observed) {
        public Writing {
            observed = Map.copyOf(observed);
        }

        /**
         * As the record says, when each fact was observed ({@link ProfileBundles.Mapped#observed()}): the facts keep
         * those dates; a fact without one (a profile's, an undated source's) is dated {@code made}.
         */
        public Writing(OffsetDateTime made, boolean transaction, PlanDefinition rules) {
            this(made, transaction, rules, Map.of());
        }

        /** A collection Bundle made now. */
        public static Writing now() {
            return new Writing(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS), false, null);
        }

        /** The same, with the facts dated when the record observed them. */
        public Writing observedAt(Map<String, java.time.Instant> when) {
            return new Writing(made, transaction, rules, when);
        }
    }

    /** The Bundle for {@code plan}, made for {@code profile} now, with a Patient that holds the profile's id. */
    public Bundle toBundle(Profile profile, Plan plan) {
        return toBundle(profile, plan, null, null, Writing.now());
    }

    /** As {@link #toBundle(Profile, Plan, Patient, String, Writing)}, a collection made now. */
    public Bundle toBundle(Profile profile, Plan plan, Patient person, String personUrl) {
        return toBundle(profile, plan, person, personUrl, Writing.now());
    }

    /**
     * The Bundle for {@code plan}, about {@code person} (the Patient the profile was read from, kept as it was, with
     * its ids and identifiers, so that an app can file the CarePlan with its patient) at {@code personUrl} (its
     * {@code fullUrl}; {@code null}: one made from its id). A {@code null} person: a Patient holding the profile's id.
     */
    public Bundle toBundle(Profile profile, Plan plan, Patient person, String personUrl, Writing writing) {
        String id = plan.profileId();
        // a plan version: its content on its day, so that next week's plan (or this plan made again next week) is new
        String version = id + "@" + writing.made().toLocalDate() + "@" + ProfileBundles.digest(PLANS.toJson(plan));
        OffsetDateTime made = writing.made();
        Bundle bundle = new Bundle().setType(writing.transaction() ? Bundle.BundleType.TRANSACTION
                : Bundle.BundleType.COLLECTION).setTimestamp(Date.from(made.toInstant()));
        String patientUrl = addPatient(bundle, profile, id, person, personUrl, writing);
        if (writing.transaction() && writing.rules() != null) addRules(bundle, writing.rules());
        Making making = new Making(bundle, writing, version, new Reference(patientUrl));
        Facts facts = addFacts(making, profile, patientUrl);

        CarePlan care = new CarePlan()
                .setStatus(CarePlan.CarePlanStatus.ACTIVE)
                .setIntent(CarePlan.CarePlanIntent.PLAN)
                .setSubject(making.patient().copy())
                .setTitle("Back-care plan" + (plan.progression() == null ? "" : ", programme week "
                        + plan.progression().week()))
                .setDescription(description(plan));
        care.setId(idOf(ProfileBundles.url(version, "CarePlan")));
        care.addInstantiatesCanonical(RULES_CANONICAL + "|" + plan.rulesVersion());
        LocalDate start = made.toLocalDate();
        care.setCreated(making.madeOn());
        care.setPeriod(new Period().setStartElement(new DateTimeType(start.toString()))
                .setEndElement(new DateTimeType(start.plusDays(6).toString())));
        addFindings(making, care, plan, facts.pain());
        if (plan.riskGroup() != null) addRiskGroup(making, care, plan, facts.startBackAnswers());
        if (plan.weeklyPlan() != null) addWeek(making, care, plan.weeklyPlan(), start);
        addRecommendations(care, plan);
        addNotes(care, plan);
        add(bundle, care, writing);
        return bundle;
    }

    /** What the resources of one Bundle share while it is made: the Bundle, how it is written, the plan version. */
    private record Making(Bundle bundle, Writing writing, String version, Reference patient) {
        Date madeOn() {
            return Date.from(writing.made().toInstant());
        }

        String add(Resource resource) {
            return CarePlanBundles.add(bundle, resource, writing);
        }
    }

    /** The profile's facts in the Bundle: those the red-flag findings rest on, and the STarT Back answers. */
    private record Facts(List<Reference> pain, Reference startBackAnswers) {
    }

    /**
     * The Patient entry (in a transaction, a conditional create by its identifier, or none when the server knows it
     * by its id alone), and its URL for the other resources to refer to.
     */
    private static String addPatient(Bundle bundle, Profile profile, String id, Patient person, String personUrl,
            Writing writing) {
        String patientUrl;
        Patient patientEntry;
        if (person == null) {
            patientUrl = ProfileBundles.url(id, "Patient");
            patientEntry = new Patient();
            patientEntry.setId(idOf(patientUrl));
            patientEntry.addIdentifier().setSystem(ProfileBundles.PROFILE_ID_SYSTEM).setValue(profile.id());
        } else {
            // the Patient as it came, but for its meta: its version and profile claims are the source server's
            patientEntry = person.copy();
            patientEntry.setMeta(null);
            String logical = RecordReader.logicalId(person.getIdElement().getValue(), personUrl);
            patientUrl = personUrl != null && !writing.transaction() ? personUrl
                    : ProfileBundles.url("patient:" + (logical != null ? logical : id), "Patient");
        }
        if (!writing.transaction()) {
            bundle.addEntry().setFullUrl(patientUrl).setResource(patientEntry);
            return patientUrl;
        }
        Identifier key = patientEntry.getIdentifier().stream().filter(i -> i.hasSystem() && i.hasValue()
                && !ProfileBundles.PROFILE_ID_SYSTEM.equals(i.getSystem())).findFirst()
                .orElse(patientEntry.getIdentifier().stream().filter(i -> i.hasSystem() && i.hasValue())
                        .findFirst().orElse(null));
        String serverId = person == null ? null : serverId(person, personUrl);
        if (key != null) {
            // posted only when the server has no Patient with this identifier: the person as far as a chart
            // needs, with no reference to the source server's organisations or practitioners
            Patient posted = new Patient().setIdentifier(patientEntry.getIdentifier()).setName(patientEntry.getName())
                    .setGender(patientEntry.getGender()).setBirthDateElement(patientEntry.getBirthDateElement());
            bundle.addEntry().setFullUrl(patientUrl).setResource(posted).getRequest()
                    .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
                    .setIfNoneExist("identifier=" + token(key.getSystem()) + "|" + token(key.getValue()));
            return patientUrl;
        }
        if (serverId != null) {
            // a Patient the server knows by its id alone: referred to, never created again
            return "Patient/" + serverId;
        }
        throw new IllegalArgumentException("the Patient has no identifier with a system and a value, and no"
                + " server id: a transaction could not tell which chart to file the plan in");
    }

    /** The rule set's PlanDefinition, in a transaction: created only when the server has no such URL and version. */
    private static void addRules(Bundle bundle, PlanDefinition definition) {
        PlanDefinition rules = definition.copy();
        rules.setIdElement(null);
        bundle.addEntry().setFullUrl(ProfileBundles.url("rules:" + rules.getVersion(), "PlanDefinition"))
                .setResource(rules).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("PlanDefinition")
                .setIfNoneExist("url=" + rules.getUrl() + "&version=" + rules.getVersion());
    }

    /** The profile's facts as Observations and the STarT Back answers as a QuestionnaireResponse. */
    private static Facts addFacts(Making making, Profile profile, String patientUrl) {
        List<Reference> painFacts = new ArrayList<>();
        Reference startBackAnswers = null;
        for (Resource fact : ProfileBundles.facts(profile, patientUrl, making.writing().made(),
                making.writing().observed())) {
            String url = making.add(fact);
            if (fact instanceof QuestionnaireResponse) {
                startBackAnswers = new Reference(url);
            } else {
                String field = ((Observation) fact).getCode().getText();
                String path = field != null ? field : ((Observation) fact).getCode().getCodingFirstRep().getCode();
                if (isTriageFact(path, (Observation) fact)) painFacts.add(new Reference(url));
            }
        }
        return new Facts(painFacts, startBackAnswers);
    }

    /** A RiskAssessment per red-flag finding, resting on the pain facts, as the CarePlan's supporting information. */
    private static void addFindings(Making making, CarePlan care, Plan plan, List<Reference> painFacts) {
        for (int i = 0; i < plan.triage().findings().size(); i++) {
            Finding finding = plan.triage().findings().get(i);
            RiskAssessment risk = new RiskAssessment()
                    .setStatus(RiskAssessment.RiskAssessmentStatus.FINAL)
                    .setSubject(making.patient().copy())
                    .setCode(new CodeableConcept().setText("Red-flag finding (NICE NG59)"))
                    .setMitigation(finding.action() + " (within: " + WireName.of(finding.within())
                            + (finding.persisting() ? ", persisting: reported last week too" : "") + ")");
            risk.addPrediction()
                    .setOutcome(new CodeableConcept().setText(finding.suspected()))
                    .setQualitativeRisk(new CodeableConcept().setText(WireName.of(finding.level())))
                    .setRationale(finding.flagNames() + ": " + String.join("; ", finding.because()));
            risk.setOccurrence(new DateTimeType(making.madeOn())).setBasis(copies(painFacts));
            risk.setId(ProfileBundles.uuid(making.version(), "finding-" + i));
            care.addSupportingInfo(new Reference(making.add(risk)));
        }
    }

    /** The STarT Back risk group as a RiskAssessment resting on the answers. */
    private static void addRiskGroup(Making making, CarePlan care, Plan plan, Reference startBackAnswers) {
        RiskAssessment risk = new RiskAssessment()
                .setStatus(RiskAssessment.RiskAssessmentStatus.FINAL)
                .setSubject(making.patient().copy())
                .setCode(new CodeableConcept().setText("STarT Back risk group (Hill et al. 2008)"));
        risk.addPrediction()
                .setOutcome(new CodeableConcept().setText("a poor outcome of back pain"))
                .setQualitativeRisk(new CodeableConcept().setText(WireName.of(plan.riskGroup())));
        risk.setOccurrence(new DateTimeType(making.madeOn()));
        if (startBackAnswers != null) risk.addBasis(startBackAnswers.copy());
        risk.setId(ProfileBundles.uuid(making.version(), "start-back-risk"));
        care.addSupportingInfo(new Reference(making.add(risk)));
    }

    /** The week's minutes as a Goal, and each session as a scheduled activity toward it. */
    private static void addWeek(Making making, CarePlan care, WeeklyPlan week, LocalDate start) {
        Goal minutes = new Goal()
                .setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE)
                .setSubject(making.patient().copy())
                .setDescription(new CodeableConcept().setText(week.mainMinutes() + " minutes of activity this week,"
                        + " and the daily spine routine (" + week.totalMinutes() + " minutes in all)"));
        minutes.addTarget()
                .setMeasure(new CodeableConcept().setText("minutes of activity a week, the daily routine apart"))
                .setDetail(new Quantity().setValue(week.mainMinutes()).setUnit("min")
                        .setSystem(ProfileBundles.UCUM).setCode("min"))
                .setDue(new DateType(start.plusDays(6).toString()));
        minutes.setStart(new DateType(start.toString()));
        minutes.setId(ProfileBundles.uuid(making.version(), "Goal"));
        String goalUrl = making.add(minutes);
        care.addGoal(new Reference(goalUrl));
        Reference goal = new Reference(goalUrl);
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

    /** Every piece of advice its own activity, those merged into one recommendation included, with a note each. */
    private static void addRecommendations(CarePlan care, Plan plan) {
        for (Recommendation recommendation : plan.eachRecommendation()) {
            CarePlan.CarePlanActivityDetailComponent detail = care.addActivity().getDetail()
                    .setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
                    .setCode(new CodeableConcept().setText(recommendation.title()))
                    .setDescription(recommendation.advice());
            for (String reason : recommendation.because()) detail.addReasonCode(new CodeableConcept().setText(reason));
            care.addNote(new Annotation().setText("Recommendation " + recommendation.rank() + " ("
                    + recommendation.id() + ", " + WireName.of(recommendation.category()) + "): " + rules(recommendation)
                    + "; evidence: " + String.join(", ", recommendation.evidence())));
        }
    }

    /** The notes on the whole plan: its progression, what was not assessed, screening, a clinician's, the disclaimer. */
    private static void addNotes(CarePlan care, Plan plan) {
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
    }

    /**
     * Adds {@code resource} (its id set) with its {@code urn:uuid} as fullUrl and identifier; in a transaction, as a
     * conditional create by that identifier (the server assigns the id). Returns the fullUrl, for references.
     */
    private static String add(Bundle bundle, Resource resource, Writing writing) {
        String url = "urn:uuid:" + resource.getIdPart();
        Identifier identity = new Identifier().setSystem(URI_SYSTEM).setValue(url);
        if (resource instanceof Observation observation) observation.addIdentifier(identity);
        else if (resource instanceof QuestionnaireResponse answers) answers.setIdentifier(identity);
        else if (resource instanceof RiskAssessment risk) risk.addIdentifier(identity);
        else if (resource instanceof Goal goal) goal.addIdentifier(identity);
        else if (resource instanceof CarePlan care) care.addIdentifier(identity);
        else throw new IllegalArgumentException("not a resource a plan's Bundle holds: " + resource.fhirType());
        Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(url).setResource(resource);
        if (writing.transaction()) {
            resource.setIdElement(null);
            entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType())
                    .setIfNoneExist("identifier=" + URI_SYSTEM + "|" + url);
        }
        return url;
    }

    /**
     * The id a FHIR server gave the Patient: its logical id when the record addresses it on a server ({@code Patient/ID}
     * or an http(s) fullUrl), not a {@code urn:uuid} that only the Bundle knew.
     */
    private static String serverId(Patient person, String personUrl) {
        if (personUrl != null && personUrl.startsWith("urn:")) return null;
        if (personUrl == null && !person.hasIdElement()) return null;
        String id = RecordReader.logicalId(person.getIdElement().getValue(), personUrl);
        return id == null || !id.matches("[A-Za-z0-9.-]{1,64}") ? null : id;
    }

    /** A search parameter's value: FHIR's escapes for {@code \ , $ |}, then URL-encoded. */
    static String token(String value) {
        String escaped = value.replace("\\", "\\\\").replace(",", "\\,").replace("$", "\\$").replace("|", "\\|");
        return java.net.URLEncoder.encode(escaped, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Whether a fact is one the red-flag triage reads (PROFILE.md: the flags, pain, its areas, duration and trend, the
     * age, last week's flags and a clinician's assessments), so that a finding's {@code basis} names it.
     */
    private static boolean isTriageFact(String path, Observation fact) {
        boolean age = fact.getCode().getCoding().stream().anyMatch(c -> ProfileBundles.AGE.equals(c.getCode()));
        boolean pain = fact.getCode().getCoding().stream().anyMatch(c -> ProfileBundles.PAIN_NOW.equals(c.getCode()));
        return age || pain || path.startsWith("pain.") || path.equals("program.lastWeek.redFlags")
                || path.equals("clinician.assessed");
    }

    private static List<Reference> copies(List<Reference> references) {
        return references.stream().map(Reference::copy).toList();
    }

    /**
     * The rules behind a recommendation, for its note: {@code rule "name"}, or when several rules recommended it, each
     * with the facts that made it fire.
     */
    private static String rules(Recommendation recommendation) {
        if (recommendation.rules().size() <= 1) return "rule \"" + recommendation.rule() + "\"";
        List<String> each = new ArrayList<>();
        for (RuleReasons behind : recommendation.rules()) {
            each.add("\"" + behind.rule() + "\" (" + String.join("; ", behind.because()) + ")");
        }
        return "rules " + String.join("; ", each);
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

    /**
     * The rule set as a {@code PlanDefinition} (an ECA rule set, active, its version the rules' content hash): one
     * action per rule file, each with one action per rule in the file's order (its name, and the advice it recommends),
     * and the evidence catalogue as citations. A CarePlan names it by {@link #RULES_CANONICAL} and version.
     */
    public PlanDefinition planDefinition(RuleSet rules) {
        PlanDefinition definition = new PlanDefinition()
                .setUrl(RULES_CANONICAL)
                .setVersion(rules.version())
                .setName("BackcareRules")
                .setTitle("Backcare back-care rules")
                .setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/plan-definition-type",
                        "eca-rule", "ECA Rule")))
                .setDescription("Rules that turn a back-health profile into ranked recommendations and a weekly"
                        + " activity plan, red-flag triage (NICE NG59) first. Educational, not medical advice.");
        definition.setId("backcare-rules");
        Map<String, PlanDefinition.PlanDefinitionActionComponent> files = new LinkedHashMap<>();
        List<RuleInfo> ordered = new ArrayList<>(rules.rules());
        ordered.sort(Comparator.comparing(RuleInfo::file).thenComparingInt(RuleInfo::line));
        for (RuleInfo rule : ordered) {
            PlanDefinition.PlanDefinitionActionComponent file = files.computeIfAbsent(rule.file(),
                    name -> definition.addAction().setTitle(name).setDescription("The rules of " + name));
            PlanDefinition.PlanDefinitionActionComponent action = file.addAction().setTitle(rule.name());
            AdviceText advice = rule.adviceId() == null ? null : rules.advice().get(rule.adviceId());
            if (advice != null) action.setDescription("Recommends \"" + advice.title() + "\" (" + advice.id() + ")");
        }
        for (Evidence evidence : rules.evidence().values()) {
            RelatedArtifact citation = definition.addRelatedArtifact()
                    .setType(RelatedArtifact.RelatedArtifactType.CITATION)
                    .setLabel(evidence.id())
                    .setCitation(evidence.citation());
            if (evidence.url() != null) citation.setUrl(evidence.url());
        }
        return definition;
    }

    private static String idOf(String url) {
        return url.substring("urn:uuid:".length());
    }
}
