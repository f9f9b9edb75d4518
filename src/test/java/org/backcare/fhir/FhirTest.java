package org.backcare.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.backcare.Fixtures;
import org.backcare.Planner;
import org.backcare.cli.Commands;
import org.backcare.cli.Commands.Result;
import org.backcare.generate.ProfileGenerator;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FHIR in and out: every Bundle Backcare writes passes HAPI's validator offline with no error; a profile written as
 * Observations and read back is the same profile and gives the same plan; the standard codes map; and whatever a
 * Bundle holds that Backcare does not map is reported, never guessed.
 */
class FhirTest {
    private static final FhirContext FHIR = FhirContext.forR4();
    private static final ProfileBundles PROFILES = new ProfileBundles(FHIR);
    private static final CarePlanBundles CARE_PLANS = new CarePlanBundles();
    private static final PlanWriter PLANS = new PlanWriter();
    private static FhirValidator validator;

    @BeforeAll
    static void buildValidator() {
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR),
                new UnknownCodeSystemWarningValidationSupport(FHIR));
        validator = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    private static List<String> errors(Bundle bundle) {
        String json = FHIR.newJsonParser().encodeResourceToString(bundle);
        return validator.validateWithResult(json).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(SingleValidationMessage::toString).toList();
    }

    @Test
    void everyExamplesCarePlanAndObservationsValidateWithNoError() throws InvalidProfileException {
        Planner planner = Fixtures.planner();
        for (Path file : Fixtures.exampleProfiles()) {
            Profile profile = new ProfileReader().read(file);
            Plan plan = planner.plan(profile);
            assertThat(errors(CARE_PLANS.toBundle(profile, plan))).as("care plan of " + file).isEmpty();
            assertThat(errors(PROFILES.toBundle(profile))).as("observations of " + file).isEmpty();
        }
        Bundle broken = PROFILES.toBundle(new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml")));
        ((Observation) broken.getEntry().get(1).getResource()).setStatus(null);
        assertThat(errors(broken)).as("the validator sees a missing status").isNotEmpty();
    }

    @Test
    void theCarePlanHoldsTheWeekTheRecommendationsTheFindingsAndTheRules() throws InvalidProfileException {
        Profile profile = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        Plan plan = Fixtures.planner().plan(profile);
        Bundle bundle = CARE_PLANS.toBundle(profile, plan);
        CarePlan care = resources(bundle, CarePlan.class).get(0);

        int sessions = plan.weeklyPlan().days().stream().mapToInt(d -> d.activities().size()).sum();
        // every piece of advice an activity, those merged into one recommendation included
        assertThat(care.getActivity()).hasSize(sessions
                + plan.recommendations().stream().mapToInt(r -> r.each().size()).sum());
        assertThat(care.getActivity().stream().filter(a -> a.getDetail().hasScheduledTiming())).hasSize(sessions);
        CarePlan.CarePlanActivityDetailComponent monday = care.getActivityFirstRep().getDetail();
        assertThat(monday.getScheduledTiming().getRepeat().getDayOfWeek().get(0).getValueAsString()).isEqualTo("mon");
        assertThat(monday.getScheduledTiming().getRepeat().getDuration().intValue())
                .isEqualTo(plan.weeklyPlan().days().get(0).activities().get(0).minutes());
        assertThat(care.getInstantiatesUri().get(0).getValue()).isEqualTo("urn:backcare:rules:" + plan.rulesVersion());
        assertThat(care.getActivity().get(sessions).getDetail().getCode().getText())
                .isEqualTo(plan.recommendations().get(0).title());
        assertThat(care.getNote().get(0).getText()).contains(plan.recommendations().get(0).rule());
        assertThat(care.getNote().get(care.getNote().size() - 1).getText()).isEqualTo(plan.disclaimer());
        assertThat(care.getGoal()).hasSize(1);

        Profile within24Hours = new ProfileReader().read(Path.of("profiles/kofi-fever-after-infection.yaml"));
        assertThat(resources(CARE_PLANS.toBundle(within24Hours, Fixtures.planner().plan(within24Hours)), CarePlan.class)
                .get(0).getDescription()).startsWith("Urgent: speak to a doctor today, within 24 hours");
        Profile urgent = new ProfileReader().read(Path.of("profiles/gloria-urgent-numbness.json"));
        Bundle urgentBundle = CARE_PLANS.toBundle(urgent, Fixtures.planner().plan(urgent));
        CarePlan urgentCare = resources(urgentBundle, CarePlan.class).get(0);
        assertThat(urgentCare.getActivity()).noneMatch(a -> a.getDetail().hasScheduled());
        assertThat(urgentCare.getDescription()).startsWith("Urgent: seek care now, at an emergency department");
        RiskAssessment finding = resources(urgentBundle, RiskAssessment.class).get(0);
        assertThat(finding.getMitigation()).contains("(within: now)");
        assertThat(finding.getPredictionFirstRep().getQualitativeRisk().getText()).isEqualTo("urgent");
    }

    @Test
    void aProfileAsObservationsReadsBackAsTheSameProfileAndTheSamePlan() throws InvalidProfileException {
        Planner planner = Fixtures.planner();
        ProfileGenerator generator = new ProfileGenerator(3);
        List<Profile> profiles = new java.util.ArrayList<>();
        for (Path file : Fixtures.exampleProfiles()) profiles.add(new ProfileReader().read(file));
        for (int i = 0; i < 200; i++) profiles.add(generator.profile(i));
        for (Profile profile : profiles) {
            String json = FHIR.newJsonParser().encodeResourceToString(PROFILES.toBundle(profile));
            ProfileBundles.Mapped mapped = PROFILES.fromBundle("bundle", FHIR.newJsonParser()
                    .parseResource(Bundle.class, json));
            assertThat(mapped.notMapped()).as(profile.id()).isEmpty();
            assertThat(mapped.profile()).as(profile.id()).isEqualTo(profile);
            assertThat(PLANS.toJson(planner.plan(mapped.profile()))).isEqualTo(PLANS.toJson(planner.plan(profile)));
        }
    }

    @Test
    void theStandardCodesMapAndWhatIsNotMappedIsReportedNotGuessed() throws InvalidProfileException {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(ProfileBundles.PROFILE_ID_SYSTEM).setValue("from-an-ehr");
        bundle.addEntry().setResource(patient);
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "30525-0", new IntegerType(58)));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "72514-3", new IntegerType(6)));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "72166-2",
                new CodeableConcept(new Coding(ProfileBundles.SNOMED, "449868002", "Smokes tobacco daily"))));
        bundle.addEntry().setResource(observation("http://loinc.org", "8867-4", new IntegerType(72)));
        bundle.addEntry().setResource(new Condition());
        QuestionnaireResponse startBack = new QuestionnaireResponse()
                .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
                .setQuestionnaire("http://loinc.org/q/91349-1");
        for (int item = 1; item <= 8; item++) {
            startBack.addItem().setLinkId(Integer.toString(item)).addAnswer().setValue(new BooleanType(item <= 5));
        }
        startBack.addItem().setLinkId("9").addAnswer().setValue(new Coding(null, "very-much", null));
        bundle.addEntry().setResource(startBack);

        ProfileBundles.Mapped mapped = PROFILES.fromBundle("ehr.json", bundle);

        assertThat(mapped.profile().id()).isEqualTo("from-an-ehr");
        assertThat(mapped.profile().age()).isEqualTo(58);
        assertThat(mapped.profile().pain().currentIntensity()).isEqualTo(6);
        assertThat(mapped.profile().smoking().status().name()).isEqualTo("CURRENT");
        assertThat(mapped.profile().pain().startBack().notSafeToBeActive()).isTrue();
        assertThat(mapped.profile().pain().startBack().notEnjoyedThings()).isFalse();
        assertThat(mapped.profile().sleep()).as("nothing said of sleep, so not assessed").isNull();
        assertThat(mapped.notMapped()).hasSize(2);
        assertThat(mapped.notMapped().get(0)).contains("8867-4", "not one Backcare maps");
        assertThat(mapped.notMapped().get(1)).contains("Condition", "not a resource Backcare maps");
    }

    @Test
    void twoValuesForOneFieldAreReportedAndNeitherIsUsed() throws InvalidProfileException {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setResource(new Patient().setId("p1"));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "30525-0", new IntegerType(58)));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "72514-3", new IntegerType(3)));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "72514-3", new IntegerType(8)));

        ProfileBundles.Mapped mapped = PROFILES.fromBundle("ehr.json", bundle);

        assertThat(mapped.profile().pain()).as("pain not assessed rather than a guess between 3 and 8").isNull();
        assertThat(mapped.notMapped()).containsExactly("pain.currentIntensity: 2 values and not all with a time;"
                + " expected one, or times to choose the latest, so none was used");
    }

    @Test
    void ofTwoDatedValuesTheLatestIsUsedAndTheEarlierReported() throws InvalidProfileException {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setResource(new Patient().setId("p1"));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "30525-0", new IntegerType(58)));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "72514-3", new IntegerType(6))
                .setEffective(new org.hl7.fhir.r4.model.DateTimeType("2025-01-10")));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "72514-3", new IntegerType(8))
                .setEffective(new org.hl7.fhir.r4.model.DateTimeType("2024-05-01")));

        ProfileBundles.Mapped mapped = PROFILES.fromBundle("ehr.json", bundle);

        assertThat(mapped.profile().pain().currentIntensity()).isEqualTo(6);
        assertThat(mapped.notMapped()).singleElement().asString().contains("1 earlier value superseded");
    }

    @Test
    void aBundleAboutTwoPeopleIsRefused() {
        Bundle otherSubject = new Bundle().setType(Bundle.BundleType.COLLECTION);
        otherSubject.addEntry().setResource(new Patient().setId("p1"));
        otherSubject.addEntry().setResource(observation(ProfileBundles.LOINC, "30525-0", new IntegerType(58)));
        otherSubject.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "pain.redFlags",
                new StringType("saddle-numbness")).setSubject(new Reference("Patient/OTHER")));
        Bundle twoPatients = new Bundle().setType(Bundle.BundleType.COLLECTION);
        twoPatients.addEntry().setResource(new Patient().setId("p1"));
        twoPatients.addEntry().setResource(new Patient().setId("p2"));

        assertThat(refusal(otherSubject)).contains("about Patient/OTHER, not the Bundle's Patient");
        assertThat(refusal(twoPatients)).contains("2 Patients; expected exactly one");
    }

    private static String refusal(Bundle bundle) {
        try {
            PROFILES.fromBundle("ehr.json", bundle);
            throw new AssertionError("a Bundle about two people was read");
        } catch (InvalidProfileException e) {
            return e.problems().toString();
        }
    }

    @Test
    void oddValuesAreReportedAsNotMappedNeverCrashedOnOrGuessed() throws InvalidProfileException {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setResource(new Patient().setId("p1"));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "30525-0", new IntegerType(58)));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "30525-0",
                new org.hl7.fhir.r4.model.Quantity(40).setUnit("mo").setCode("mo")));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, "72514-3",
                new org.hl7.fhir.r4.model.Quantity().setValue(new java.math.BigDecimal("1e30"))));
        bundle.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "pain.durationWeeks",
                new org.hl7.fhir.r4.model.Quantity().setValue(new java.math.BigDecimal("4294967306"))));
        bundle.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, ".", new StringType("x")));
        bundle.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "id", new StringType("someone-else")));
        QuestionnaireResponse notDone = new QuestionnaireResponse()
                .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR)
                .setQuestionnaire("http://loinc.org/q/91349-1");
        bundle.addEntry().setResource(notDone);
        QuestionnaireResponse lookalike = new QuestionnaireResponse()
                .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
                .setQuestionnaire("http://example.org/not-91349-1");
        bundle.addEntry().setResource(lookalike);

        ProfileBundles.Mapped mapped = PROFILES.fromBundle("odd.json", bundle);

        assertThat(mapped.profile().id()).isEqualTo("p1");
        assertThat(mapped.profile().age()).isEqualTo(58);
        assertThat(mapped.profile().pain()).isNull();
        assertThat(mapped.notMapped()).hasSize(7);
        assertThat(String.join("\n", mapped.notMapped())).contains("whole number of years (UCUM a)",
                "pain (LOINC 72514-3) without a whole number", "pain.durationWeeks without a value",
                "is not a profile field's path", "status entered-in-error", "not a resource Backcare maps");
    }

    @Test
    void anAgeIsCountedFromTheBirthDateToTheBundlesTimestampAndNeverToToday() throws InvalidProfileException {
        Bundle dated = new Bundle().setType(Bundle.BundleType.COLLECTION)
                .setTimestamp(Date.from(LocalDate.of(2026, 6, 1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        Patient patient = new Patient().setBirthDate(Date.from(LocalDate.of(1970, 6, 2).atStartOfDay()
                .toInstant(ZoneOffset.UTC)));
        patient.setId("p1");
        dated.addEntry().setResource(patient);

        assertThat(PROFILES.fromBundle("dated.json", dated).profile().age()).isEqualTo(55);

        Bundle undated = dated.copy().setTimestamp(null);
        try {
            PROFILES.fromBundle("undated.json", undated);
            throw new AssertionError("no age without a timestamp");
        } catch (InvalidProfileException e) {
            assertThat(e.problems().toString()).contains("age");
        }
    }

    private static Observation observation(String system, String code, org.hl7.fhir.r4.model.Type value) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding(system, code, null)));
        observation.setValue(value);
        return observation;
    }

    private static <T> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance)
                .map(type::cast).toList();
    }

    @Test
    void theCommandPrintsAValidCarePlanForAProfileOrABundleAndOneLineForABrokenBundle(@TempDir Path dir)
            throws Exception {
        Result careplan = run("fhir", "profiles/maria-desk-worker.yaml");
        assertThat(careplan.code()).isZero();
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, careplan.out());
        assertThat(errors(bundle)).isEmpty();

        Result observations = run("fhir", "profiles/maria-desk-worker.yaml", "--emit", "observations");
        Path input = dir.resolve("maria.json");
        Files.writeString(input, observations.out());
        Result fromBundle = run("fhir", input.toString());
        assertThat(fromBundle.code()).isZero();
        assertThat(carePlanJson(fromBundle.out())).as("the same plan from the Bundle as from the profile")
                .isEqualTo(carePlanJson(careplan.out()));
        assertThat(run("fhir", input.toString(), "--emit", "profile").out().strip())
                .isEqualTo(new org.backcare.profile.ProfileWriter().toJsonLine(
                        new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"))));

        Bundle fromAnEhr = FHIR.newJsonParser().parseResource(Bundle.class, observations.out());
        Patient ehrPatient = resources(fromAnEhr, Patient.class).get(0);
        ehrPatient.addIdentifier().setSystem("urn:oid:1.2.36.146.595.217.0.1").setValue("12345");
        Path ehr = dir.resolve("ehr.json");
        Files.writeString(ehr, FHIR.newJsonParser().encodeResourceToString(fromAnEhr));
        Bundle answered = FHIR.newJsonParser().parseResource(Bundle.class, run("fhir", ehr.toString()).out());
        assertThat(resources(answered, Patient.class).get(0).getIdentifier()).extracting(i -> i.getValue())
                .contains("12345");

        Bundle noAge = new Bundle().setType(Bundle.BundleType.COLLECTION);
        noAge.addEntry().setResource(new Patient().setBirthDate(new Date(0)).setId("p1"));
        Path undated = dir.resolve("undated.json");
        Files.writeString(undated, FHIR.newJsonParser().encodeResourceToString(noAge));
        Result refused = run("fhir", undated.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("age: required field is missing", "no Bundle.timestamp to count the age to");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [ {\"resource\":"
                + " {\"resourceType\": \"Observation\", \"statuss\": \"final\"}} ]}");
        Result bad = run("fhir", broken.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("backcare: " + broken).contains("not a FHIR R4 Bundle").doesNotContain("\tat ");
        assertThat(bad.err().lines()).hasSize(1);
    }

    private static String carePlanJson(String bundle) {
        return FHIR.newJsonParser().encodeResourceToString(resources(FHIR.newJsonParser()
                .parseResource(Bundle.class, bundle), CarePlan.class).get(0));
    }

    private static Result run(String... args) {
        return Commands.run(args);
    }

    @Test
    void aBundleWithNoPatientIsRefused() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setResource(observation("urn:other", "x", new StringType("y")).setSubject(new Reference("Patient/1")));
        try {
            PROFILES.fromBundle("empty.json", bundle);
            throw new AssertionError("no profile without a Patient");
        } catch (InvalidProfileException e) {
            assertThat(e.problems().toString()).contains("0 Patients; expected exactly one");
        }
    }
}
