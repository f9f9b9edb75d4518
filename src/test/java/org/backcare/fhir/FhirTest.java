package org.backcare.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FHIR in and out: every Bundle Backcare writes passes HAPI's validator offline with no error; a profile written as
 * Observations and read back is the same profile and gives the same plan; the standard codes map; and whatever a
 * Bundle holds that Backcare does not map is reported, never guessed.
 */
class FhirTest {
    private static final FhirContext FHIR = Validation.FHIR;
    private static final ProfileBundles PROFILES = new ProfileBundles(FHIR);
    private static final CarePlanBundles CARE_PLANS = new CarePlanBundles();
    private static final PlanWriter PLANS = new PlanWriter();

    private static List<String> errors(Bundle bundle) {
        return Validation.errors(bundle);
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
        assertThat(care.getInstantiatesCanonical().get(0).getValue())
                .isEqualTo(CarePlanBundles.RULES_CANONICAL + "|" + plan.rulesVersion());
        assertThat(care.getActivity().get(sessions).getDetail().getCode().getText())
                .isEqualTo(plan.recommendations().get(0).title());
        assertThat(care.getNote().get(0).getText()).contains(plan.recommendations().get(0).rule());
        // a recommendation several rules made names each of them, with the facts that made it fire
        List<org.backcare.plan.Recommendation> each = plan.eachRecommendation();
        for (int i = 0; i < each.size(); i++) {
            for (org.backcare.plan.RuleReasons rule : each.get(i).rules()) {
                assertThat(care.getNote().get(i).getText()).contains("\"" + rule.rule() + "\"");
                if (each.get(i).rules().size() > 1) {
                    assertThat(care.getNote().get(i).getText())
                            .contains("\"" + rule.rule() + "\" (" + String.join("; ", rule.because()) + ")");
                }
            }
        }
        assertThat(each).anyMatch(r -> r.rules().size() > 1);
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
    void everyBundleIsDatedEveryEntryHasAFullUrlAndNextWeeksPlanHasNewIds() throws InvalidProfileException {
        Planner planner = Fixtures.planner();
        java.time.OffsetDateTime made = java.time.OffsetDateTime.parse("2026-06-01T09:30:00Z");
        Profile week3 = new ProfileReader().read(Path.of("profiles/omar-programme-week-3.yaml"));
        Bundle bundle = CARE_PLANS.toBundle(week3, planner.plan(week3), null, null,
                new CarePlanBundles.Writing(made, false, null));

        assertThat(bundle.getTimestamp().toInstant()).isEqualTo(made.toInstant());
        assertThat(bundle.getEntry()).allSatisfy(entry -> assertThat(entry.getFullUrl()).startsWith("urn:uuid:"));
        CarePlan care = resources(bundle, CarePlan.class).get(0);
        assertThat(care.getCreated().toInstant()).isEqualTo(made.toInstant());
        assertThat(care.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-06-01");
        assertThat(care.getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-06-07");
        assertThat(resources(bundle, Observation.class)).isNotEmpty().allSatisfy(o -> {
            assertThat(o.getEffectiveDateTimeType().getValue().toInstant()).isEqualTo(made.toInstant());
            assertThat(o.getIdentifierFirstRep().getSystem()).isEqualTo("urn:ietf:rfc:3986");
        });
        Profile frank = new ProfileReader().read(Path.of("profiles/frank-osteoporosis.yaml"));
        Bundle withFinding = CARE_PLANS.toBundle(frank, planner.plan(frank), null, null,
                new CarePlanBundles.Writing(made, false, null));
        assertThat(resources(withFinding, RiskAssessment.class)).as("the finding").isNotEmpty()
                .allSatisfy(risk -> {
            assertThat(risk.getBasis()).as("what the assessment rests on").isNotEmpty();
            assertThat(risk.getBasis()).allSatisfy(basis -> assertThat(withFinding.getEntry())
                    .anyMatch(entry -> entry.getFullUrl().equals(basis.getReference())));
        });
        assertThat(resources(bundle, RiskAssessment.class)).allSatisfy(risk -> {
            assertThat(risk.getBasis()).as("what the assessment rests on").isNotEmpty();
            assertThat(risk.getBasis()).allSatisfy(basis -> assertThat(bundle.getEntry())
                    .anyMatch(entry -> entry.getFullUrl().equals(basis.getReference())));
        });

        Profile week4 = new ProfileReader().parse("week4", new org.backcare.profile.ProfileWriter().toJsonLine(week3)
                .replace("\"week\":3", "\"week\":4"), ProfileReader.Format.JSON);
        Bundle next = CARE_PLANS.toBundle(week4, planner.plan(week4), null, null,
                new CarePlanBundles.Writing(made.plusDays(7), false, null));
        assertThat(resources(next, CarePlan.class).get(0).getIdPart()).as("week 4 does not overwrite week 3")
                .isNotEqualTo(care.getIdPart());
        assertThat(resources(next, Patient.class).get(0).getIdPart()).as("one person")
                .isEqualTo(resources(bundle, Patient.class).get(0).getIdPart());
        assertThat(CARE_PLANS.toBundle(week3, planner.plan(week3), null, null,
                new CarePlanBundles.Writing(made, false, null)).getEntry()).extracting(e -> e.getFullUrl())
                .as("the same plan, the same ids").isEqualTo(bundle.getEntry().stream().map(e -> e.getFullUrl()).toList());
        Bundle aWeekLater = CARE_PLANS.toBundle(week3, planner.plan(week3), null, null,
                new CarePlanBundles.Writing(made.plusDays(7), false, null));
        assertThat(resources(aWeekLater, CarePlan.class).get(0).getIdPart()).as("the same plan made a week later is"
                + " filed beside, not over, this one").isNotEqualTo(care.getIdPart());
    }

    @Test
    void aTransactionCreatesEachResourceOnlyIfItIsNotThereAndFilesTheRuleSetItInstantiates() throws Exception {
        Planner planner = Fixtures.planner();
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        org.hl7.fhir.r4.model.PlanDefinition rules = CARE_PLANS.planDefinition(planner.rules());
        Bundle transaction = CARE_PLANS.toBundle(maria, planner.plan(maria), null, null, new CarePlanBundles.Writing(
                java.time.OffsetDateTime.parse("2026-06-01T00:00:00Z"), true, rules));

        assertThat(transaction.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
            assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
            assertThat(entry.getRequest().getIfNoneExist()).as(entry.getResource().fhirType()).isNotBlank();
            assertThat(entry.getResource().hasId()).as("the server assigns ids: " + entry.getResource().fhirType())
                    .isFalse();
        }
        // (HAPI's encoder gives a resource without an id its entry's fullUrl: check the ids before it runs)
        assertThat(Validation.transactionProblems(transaction)).isEmpty();
        assertThat(errors(transaction)).isEmpty();
        for (Path file : Fixtures.exampleProfiles()) {
            Profile profile = new ProfileReader().read(file);
            Bundle each = CARE_PLANS.toBundle(profile, planner.plan(profile), null, null, new CarePlanBundles.Writing(
                    java.time.OffsetDateTime.parse("2026-06-01T00:00:00Z"), true, rules));
            assertThat(Validation.transactionProblems(each)).as(file.toString()).isEmpty();
        }
        Bundle dangling = CARE_PLANS.toBundle(maria, planner.plan(maria), null, null, new CarePlanBundles.Writing(
                java.time.OffsetDateTime.parse("2026-06-01T00:00:00Z"), true, rules));
        ((CarePlan) dangling.getEntry().get(dangling.getEntry().size() - 1).getResource()).getSubject()
                .setReference("urn:uuid:00000000-0000-0000-0000-000000000000");
        assertThat(Validation.transactionProblems(dangling)).as("the check sees a dangling reference")
                .singleElement().asString().contains("resolves to nothing");
        assertThat(transaction.getEntryFirstRep().getRequest().getIfNoneExist())
                .isEqualTo("identifier=urn%3Abackcare%3Aprofile-id|maria-desk-worker");
        org.hl7.fhir.r4.model.PlanDefinition filed = resources(transaction, org.hl7.fhir.r4.model.PlanDefinition.class)
                .get(0);
        assertThat(resources(transaction, CarePlan.class).get(0).getInstantiatesCanonical().get(0).getValue())
                .isEqualTo(filed.getUrl() + "|" + filed.getVersion());

        assertThat(Validation.errors(rules)).isEmpty();
        assertThat(rules.getAction()).as("one action per rule file").hasSizeGreaterThan(5);
        assertThat(rules.getAction().stream().mapToInt(a -> a.getAction().size()).sum())
                .isEqualTo(planner.rules().rules().size());
        assertThat(rules.getRelatedArtifact()).hasSize(planner.rules().evidence().size());

        Result emitted = run("fhir", "--emit", "plandefinition");
        assertThat(emitted.code()).isZero();
        assertThat(FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.PlanDefinition.class, emitted.out())
                .getVersion()).isEqualTo(planner.rules().version());
        Result posted = run("fhir", "profiles/maria-desk-worker.yaml", "--bundle", "transaction", "--as-of",
                "2026-06-01");
        assertThat(posted.code()).isZero();
        Bundle fromCommand = FHIR.newJsonParser().parseResource(Bundle.class, posted.out());
        assertThat(errors(fromCommand)).isEmpty();
        assertThat(fromCommand.getTimestamp().toInstant().toString()).isEqualTo("2026-06-01T00:00:00Z");
        assertThat(run("fhir", "profiles/maria-desk-worker.yaml", "--bundle", "batch").code()).isEqualTo(2);
        assertThat(run("fhir", "--emit", "careplan").err()).contains("expected FILE");
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
        patient.setId("p1");
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
        startBack.setSubject(new Reference("Patient/p1"));
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
        assertThat(mapped.notMapped().get(1)).contains("(Condition)", "no subject", "may not be this person's");
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
                .setEffective(new org.hl7.fhir.r4.model.DateTimeType("2025-01-05")));

        ProfileBundles.Mapped mapped = PROFILES.fromBundle("ehr.json", bundle, LocalDate.of(2025, 1, 12));

        assertThat(mapped.profile().pain().currentIntensity()).isEqualTo(6);
        assertThat(mapped.notMapped()).singleElement().asString().contains("1 earlier value superseded");
    }

    @Test
    void dataThatMayBeAnotherPersonsIsListedNotUsedAndTwoPeopleAreRefused() throws InvalidProfileException {
        Bundle otherSubject = new Bundle().setType(Bundle.BundleType.COLLECTION);
        otherSubject.addEntry().setResource(new Patient().setId("p1"));
        otherSubject.addEntry().setResource(observation(ProfileBundles.LOINC, "30525-0", new IntegerType(58)));
        otherSubject.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "pain.redFlags",
                new StringType("saddle-numbness")).setSubject(new Reference("Patient/OTHER")));
        otherSubject.addEntry().setResource(observation(ProfileBundles.LOINC, "72514-3", new IntegerType(4))
                .setSubject(null));
        otherSubject.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "sleep.position",
                new StringType("back")).setSubject(new Reference().setDisplay("Mrs Jones")));
        otherSubject.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "sitting.hoursPerDay",
                new IntegerType(9)).setSubject(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier()
                .setSystem("urn:oid:1.2.3").setValue("999"))));
        Bundle twoPatients = new Bundle().setType(Bundle.BundleType.COLLECTION);
        twoPatients.addEntry().setResource(new Patient().setId("p1"));
        twoPatients.addEntry().setResource(new Patient().setId("p2"));

        ProfileBundles.Mapped mapped = PROFILES.fromBundle("ehr.json", otherSubject);
        assertThat(mapped.profile().pain()).as("another person's red flags are not this person's").isNull();
        assertThat(mapped.profile().sleep()).isNull();
        assertThat(mapped.profile().sitting()).isNull();
        assertThat(mapped.notMapped()).hasSize(4).allSatisfy(line -> assertThat(line)
                .contains("may not be this person's; not used"));
        assertThat(String.join("\n", mapped.notMapped())).contains("Patient/OTHER", "no subject", "\"Mrs Jones\"",
                "urn:oid:1.2.3|999");
        assertThat(refusal(twoPatients)).contains("2 different Patients; expected exactly one");
    }

    private static String refusal(Bundle bundle) {
        try {
            PROFILES.fromBundle("ehr.json", bundle);
            throw new AssertionError("a Bundle with no one to plan for was read");
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
                .setQuestionnaire("http://loinc.org/q/91349-1").setSubject(new Reference("Patient/p1"));
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
                "is not a profile field's path", "status entered-in-error", "(QuestionnaireResponse: entry[8])",
                "not a kind Backcare maps");
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
                .setCode(new CodeableConcept(new Coding(system, code, null))).setSubject(new Reference("Patient/p1"));
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
        Result careplan = run("fhir", "profiles/maria-desk-worker.yaml", "--as-of", "2026-06-01");
        assertThat(careplan.code()).isZero();
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, careplan.out());
        assertThat(errors(bundle)).isEmpty();

        Result observations = run("fhir", "profiles/maria-desk-worker.yaml", "--emit", "observations", "--as-of",
                "2026-06-01");
        Path input = dir.resolve("maria.json");
        Files.writeString(input, observations.out());
        Result fromBundle = run("fhir", input.toString(), "--as-of", "2026-06-01");
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
        assertThat(refused.err()).contains("age: required field is missing", "no date to count the age to",
                "--as-of DATE");
        Result asOf = run("fhir", undated.toString(), "--as-of", "2026-06-01", "--emit", "profile");
        assertThat(asOf.code()).isZero();
        assertThat(asOf.out()).contains("\"age\":56");

        Path huge = dir.resolve("huge.json");
        Files.writeString(huge, "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [{\"resource\":"
                + " {\"resourceType\": \"Observation\", \"status\": \"final\", \"code\": {\"text\": \"x\"},"
                + " \"valueQuantity\": {\"value\": 1e999999}}}]}");
        Result hugeNumber = run("fhir", huge.toString());
        assertThat(hugeNumber.code()).isEqualTo(2);
        assertThat(hugeNumber.err()).contains(huge.toString(), "exponent 999999");

        // a Bundle too large to read is still told as a Bundle, not as a profile
        Path large = dir.resolve("large.json");
        Files.writeString(large, "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"id\": \""
                + "a".repeat(5_200_000) + "\"}");
        Result tooLarge = run("fhir", large.toString());
        assertThat(tooLarge.code()).isEqualTo(2);
        assertThat(tooLarge.err()).contains(large.toString(), "expected a FHIR Bundle of at most 4194304")
                .doesNotContain("profile");

        Path fifo = dir.resolve("fifo.json");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        Result blocked = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> run("fhir", fifo.toString()), "a FIFO must be refused, not opened");
        assertThat(blocked.code()).isEqualTo(2);
        assertThat(blocked.err()).contains(fifo.toString(), "not a regular file");

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
            assertThat(e.problems().toString()).contains("no Patient; expected exactly one");
        }
    }
}
