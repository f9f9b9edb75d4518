package org.backcare.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.backcare.Fixtures;
import org.backcare.plan.Plan;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.RedFlag;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/**
 * Reading a record where it could harm: red flags are never lost or made to look screened, old values are not taken
 * for today's, and data that may be another person's is not used (the review of issue 27, case by case).
 */
class RecordReaderTest {
    private static final ProfileBundles PROFILES = new ProfileBundles(Validation.FHIR);
    private static final LocalDate AS_OF = LocalDate.of(2026, 6, 1);
    private static final String PATIENT = "https://ehr.example/fhir/Patient/p1";

    /** A record of a Patient born 1960-03-01 (66 on the record's date) at {@link #PATIENT}. */
    private static Bundle record() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        Patient patient = new Patient().setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1960-03-01"));
        patient.setId("p1");
        patient.addIdentifier().setSystem("https://ehr.example/mrn").setValue("12,34");
        bundle.addEntry().setFullUrl(PATIENT).setResource(patient);
        return bundle;
    }

    private static Observation observation(String system, String code, org.hl7.fhir.r4.model.Type value, String when) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding(system, code, null))).setSubject(new Reference("Patient/p1"));
        observation.setValue(value);
        if (when != null) observation.setEffective(new DateTimeType(when));
        return observation;
    }

    private static Observation pain(int score, String when) {
        return observation(ProfileBundles.LOINC, ProfileBundles.PAIN_NOW, new IntegerType(score), when);
    }

    private static Condition condition(String system, String code) {
        Condition condition = new Condition().setCode(new CodeableConcept(new Coding(system, code, null)));
        condition.setSubject(new Reference("Patient/p1"));
        return condition;
    }

    private static ProfileBundles.Mapped read(Bundle bundle) throws InvalidProfileException {
        return PROFILES.fromBundle("record", bundle, new ProfileBundles.Reading(AS_OF, false));
    }

    private static String refusal(Bundle bundle) {
        InvalidProfileException refused = catchThrowableOfType(InvalidProfileException.class, () -> read(bundle));
        assertThat(refused).as("refused").isNotNull();
        return refused.problems().toString();
    }

    @Test
    void redFlagsOnTheRecordAreNeverDroppedWithAPainSectionThatCannotBeKept() {
        Bundle painOf11 = record();
        painOf11.addEntry().setResource(pain(11, "2026-05-30"));
        painOf11.addEntry().setResource(condition(ProfileBundles.SNOMED, "363346000"));
        Bundle noPain = record();
        noPain.addEntry().setResource(condition(ProfileBundles.SNOMED, "64859006"));

        assertThat(refusal(painOf11)).contains("history-of-cancer", "cannot be kept", "pain.currentIntensity");
        assertThat(refusal(noPain)).contains("osteoporosis-or-steroids", "no usable pain score");
    }

    @Test
    void oneUnreadableRedFlagIsLeftOutAndTheOthersKept() throws Exception {
        Bundle bundle = record();
        bundle.addEntry().setResource(pain(4, "2026-05-30"));
        bundle.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "pain.redFlags",
                new StringType("fever, bogus"), "2026-05-30"));

        ProfileBundles.Mapped mapped = read(bundle);

        assertThat(mapped.profile().pain().redFlags()).containsExactly(RedFlag.FEVER);
        assertThat(mapped.profile().pain().redFlagsScreened()).isTrue();
        assertThat(mapped.notMapped()).anyMatch(line -> line.contains("pain.redFlags[1]") && line.contains("bogus"));
        assertThat(Fixtures.planner().plan(mapped.profile()).triage().findings()).isNotEmpty();
    }

    @Test
    void valuesTooOldForTodayOrDatedAfterTheRecordAreNotUsedAndTheBirthDateGivesTheAge() throws Exception {
        Bundle bundle = record();
        bundle.addEntry().setResource(pain(2, "2012-04-01"));
        bundle.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "pain.redFlags", new StringType("none"),
                "2012-04-01"));
        bundle.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "sleep.position", new StringType("back"),
                "2026-09-01"));
        bundle.addEntry().setResource(observation(ProfileBundles.LOINC, ProfileBundles.AGE, new IntegerType(55),
                "2015-03-01"));
        bundle.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "smoking.status",
                new StringType("never"), "2025-11-01"));

        ProfileBundles.Mapped mapped = read(bundle);

        assertThat(mapped.profile().age()).as("from the birth date, not a 2015 reading").isEqualTo(66);
        assertThat(mapped.profile().pain()).as("a 2012 pain score is not today's").isNull();
        assertThat(mapped.profile().sleep()).as("dated after the record").isNull();
        assertThat(mapped.profile().smoking().status().name()).isEqualTo("NEVER");
        assertThat(String.join("\n", mapped.notMapped())).contains("more than 14 days before 2026-06-01",
                "after the record's date", "the birth date gives the age");
        assertThat(mapped.observed()).containsKey("smoking.status");
    }

    @Test
    void twoCopiesOfOneValueAtOneTimeAreOneValue() throws Exception {
        Bundle bundle = record();
        bundle.addEntry().setResource(pain(5, "2026-05-30T10:00:00Z"));
        bundle.addEntry().setResource(pain(5, "2026-05-30T10:00:00Z"));

        assertThat(read(bundle).profile().pain().currentIntensity()).isEqualTo(5);
    }

    @Test
    void aReferenceToAnotherServersPatientOrABrokenOneIsNotThisPersons() throws Exception {
        Bundle bundle = record();
        bundle.addEntry().setResource(pain(3, "2026-05-30"));
        bundle.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "sleep.position", new StringType("back"),
                "2026-05-30").setSubject(new Reference("https://other.example/fhir/Patient/p1")));
        bundle.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "sitting.hoursPerDay",
                new IntegerType(9), "2026-05-30").setSubject(new Reference("urn:oid:p1")));
        bundle.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "hydration.waterCupsPerDay",
                new IntegerType(6), "2026-05-30").setSubject(new Reference("Patient?identifier=%zz|1")));
        bundle.addEntry().setResource(observation(ProfileBundles.FIELD_SYSTEM, "diet.addedSugarServingsPerDay",
                new IntegerType(2), "2026-05-30").setSubject(new Reference(PATIENT + "/_history/3")));
        Observation aboutSomeoneElse = observation(ProfileBundles.FIELD_SYSTEM, "activity.activeMinutesPerWeek",
                new IntegerType(60), "2026-05-30");
        aboutSomeoneElse.addFocus(new Reference("RelatedPerson/mother"));
        bundle.addEntry().setResource(aboutSomeoneElse);

        ProfileBundles.Mapped mapped = read(bundle);

        assertThat(mapped.profile().sleep()).isNull();
        assertThat(mapped.profile().sitting()).isNull();
        assertThat(mapped.profile().hydration()).isNull();
        assertThat(mapped.profile().activity()).isNull();
        assertThat(mapped.profile().diet()).as("this Patient's own address, a version of it").isNotNull();
        assertThat(mapped.notMapped()).filteredOn(line -> line.contains("may not be this person's")).hasSize(4);
    }

    @Test
    void problemListCodesAndTheirStatusesGiveTheFlagsTheyMean() throws Exception {
        Bundle bundle = record();
        bundle.addEntry().setResource(pain(4, "2026-05-30"));
        bundle.addEntry().setResource(condition(RecordReader.ICD10CM, "Z79.52"));
        Condition hivInRemission = condition(ProfileBundles.SNOMED, "86406008");
        hivInRemission.setClinicalStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-clinical", "remission", null)));
        bundle.addEntry().setResource(hivInRemission);
        Condition provisionalCancer = condition(ProfileBundles.SNOMED, "399068003");
        provisionalCancer.setVerificationStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-ver-status", "provisional", null)));
        bundle.addEntry().setResource(provisionalCancer);
        Condition implicit = condition(ProfileBundles.SNOMED, "109989006");
        implicit.setImplicitRules("https://ehr.example/rules");
        bundle.addEntry().setResource(implicit);

        ProfileBundles.Mapped mapped = read(bundle);

        assertThat(mapped.profile().pain().redFlags()).containsExactlyInAnyOrder(RedFlag.OSTEOPOROSIS_OR_STEROIDS,
                RedFlag.IMMUNOSUPPRESSED);
        assertThat(mapped.profile().pain().redFlagsScreened()).isFalse();
        assertThat(String.join("\n", mapped.notMapped())).contains("verification status provisional",
                "implicitRules");
    }

    @Test
    void aStarTBackResponseWithTheFormsOwnScoresGivesTheRiskGroupFromItsAnswers() throws Exception {
        Bundle bundle = record();
        bundle.addEntry().setResource(pain(5, "2026-05-30"));
        QuestionnaireResponse answers = new QuestionnaireResponse()
                .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
                .setQuestionnaire("http://loinc.org/q/91349-1").setSubject(new Reference("Patient/p1"))
                .setAuthored(Date.from(AS_OF.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
        QuestionnaireResponse.QuestionnaireResponseItemComponent panel = answers.addItem().setLinkId("/91349-1");
        List<String> codes = RecordReader.START_BACK_ITEM_CODES;
        for (int i = 0; i < 8; i++) {
            panel.addItem().setLinkId("/91349-1/" + codes.get(i)).addAnswer()
                    .setValue(new Coding(ProfileBundles.LOINC, i < 6 ? "LA33-6" : "LA32-8", null));
        }
        panel.addItem().setLinkId("/91349-1/" + codes.get(8)).addAnswer().setValue(new StringType("Very much"));
        panel.addItem().setLinkId("/91349-1/91351-7").addAnswer().setValue(new IntegerType(7));
        panel.addItem().setLinkId("/91349-1/91352-5").addAnswer()
                .setValue(new Coding(ProfileBundles.LOINC, "LA9193-9", "High"));
        bundle.addEntry().setResource(answers);

        ProfileBundles.Mapped mapped = read(bundle);
        Plan plan = Fixtures.planner().plan(mapped.profile());

        // items 1-6 yes, 7-8 no, 9 very much: total 7, subscale (5-9) 3: medium
        assertThat(plan.riskGroup()).isNotNull();
        assertThat(org.backcare.profile.WireName.of(plan.riskGroup())).isEqualTo("medium");
        assertThat(mapped.observed()).containsKey("pain.startBack");
    }

    @Test
    void theTransactionFilesThePlanOnlyOnAChartItCanName() throws Exception {
        Bundle bundle = record();
        bundle.addEntry().setResource(pain(4, "2026-05-30"));
        ProfileBundles.Mapped mapped = read(bundle);
        Plan plan = Fixtures.planner().plan(mapped.profile());
        CarePlanBundles carePlans = new CarePlanBundles();
        java.time.OffsetDateTime made = java.time.OffsetDateTime.parse("2026-06-01T00:00:00Z");

        Bundle transaction = carePlans.toBundle(mapped.profile(), plan, mapped.patient(), mapped.patientFullUrl(),
                new CarePlanBundles.Writing(made, true, null).observedAt(mapped.observed()));

        assertThat(transaction.getEntryFirstRep().getRequest().getIfNoneExist())
                .as("a comma in an identifier is escaped, not an OR").isEqualTo("identifier="
                        + CarePlanBundles.token("https://ehr.example/mrn") + "|" + CarePlanBundles.token("12,34"));
        assertThat(CarePlanBundles.token("12,34")).isEqualTo("12%5C%2C34");
        Observation painFact = transaction.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).map(Observation.class::cast)
                .filter(o -> o.getCode().getCodingFirstRep().getCode().equals(ProfileBundles.PAIN_NOW)).findFirst()
                .orElseThrow();
        assertThat(painFact.getEffectiveDateTimeType().getValueAsString()).as("the fact keeps its own date")
                .startsWith("2026-05-30");

        Patient nameless = new Patient();
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> carePlans.toBundle(mapped.profile(),
                plan, nameless, "urn:uuid:6a1f8a3e-1111-4c1e-9a51-3f1f5e7d0c01",
                new CarePlanBundles.Writing(made, true, null)))).hasMessageContaining("which chart");
        Patient knownById = new Patient();
        knownById.setId("p1");
        Bundle byId = carePlans.toBundle(mapped.profile(), plan, knownById, PATIENT,
                new CarePlanBundles.Writing(made, true, null));
        assertThat(byId.getEntry()).noneMatch(e -> e.getResource() instanceof Patient);
        assertThat(Validation.transactionProblems(byId)).isEmpty();
    }
}
