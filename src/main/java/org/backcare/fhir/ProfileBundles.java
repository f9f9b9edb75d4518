package org.backcare.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileWriter;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * A profile as FHIR R4 resources and back: a {@code Patient}, one {@code Observation} per profile field and a STarT
 * Back {@code QuestionnaireResponse}, in a collection {@code Bundle}. The fields with a standard code use it (age:
 * LOINC 30525-0; tobacco smoking status: LOINC 72166-2 with SNOMED CT answers; pain now: LOINC 72514-3, 0-10); the
 * others carry Backcare's own code system ({@value #FIELD_SYSTEM}) with the field's path as the code, so that no
 * field is lost. Reading a Bundle maps what it can, then reads the result as any profile is read (every check of
 * PROFILE.md applies), and reports every resource, code and value it did not map: it never guesses.
 *
 * <p>Immutable and thread-safe; building one loads FHIR's model, which takes a moment, so build one and share it.
 */
public final class ProfileBundles {
    /** Backcare's code system for profile fields that have no standard code: the code is the field's path. */
    public static final String FIELD_SYSTEM = "urn:backcare:profile-field";
    /** The identifier system of a Patient's Backcare profile id. */
    public static final String PROFILE_ID_SYSTEM = "urn:backcare:profile-id";
    static final String LOINC = "http://loinc.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
    static final String AGE = "30525-0";
    static final String SMOKING_STATUS = "72166-2";
    static final String PAIN_NOW = "72514-3";
    /** The LOINC panel of the STarT Back Screening Tool; its nine items are linkIds 1 to 9, in the tool's order. */
    static final String START_BACK_PANEL = "91349-1";
    /** The canonical URL of the STarT Back questionnaire (LOINC panel 91349-1). */
    public static final String START_BACK_QUESTIONNAIRE = LOINC + "/q/" + START_BACK_PANEL;
    private static final Map<String, Coding> SMOKING_WRITTEN = Map.of(
            "never", new Coding(SNOMED, "266919005", "Never smoked tobacco"),
            "former", new Coding(SNOMED, "8517006", "Ex-smoker"),
            "current", new Coding(SNOMED, "77176002", "Smoker"));
    /** The Observation codes a record is read by, as FHIR token searches ({@code system|code}; a system alone: all its codes). */
    public static final List<String> OBSERVATION_CODES = List.of(LOINC + "|" + AGE, LOINC + "|" + SMOKING_STATUS,
            LOINC + "|" + PAIN_NOW, FIELD_SYSTEM + "|");
    /** The problem-list codes read as red flags, as FHIR token searches. */
    public static final List<String> CONDITION_CODES = java.util.stream.Stream.concat(
            RecordReader.RED_FLAG_CONDITIONS.keySet().stream().sorted().map(code -> SNOMED + "|" + code),
            RecordReader.RED_FLAG_ICD10CM.keySet().stream().sorted().map(code -> RecordReader.ICD10CM + "|" + code))
            .toList();
    /** A list field written as one Observation: its choices joined by this, or {@value #NONE} when empty. */
    static final String LIST_SEPARATOR = ", ";
    static final String NONE = "none";
    static final Set<String> LIST_FIELDS = Set.of("pain.areas", "pain.redFlags", "pain.recordedRedFlags", "activity.likes",
            "activity.dislikes", "activity.availableDays", "program.lastWeek.activities", "program.lastWeek.redFlags",
            "clinician.excludeActivities");
    /**
     * A list of objects written as one Observation: its JSON text (the clinician's assessments, which have no standard
     * code Backcare maps yet).
     */
    static final Set<String> JSON_FIELDS = Set.of("clinician.assessed");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProfileWriter PROFILES = new ProfileWriter();
    private final FhirContext fhir;
    private final RecordReader records = new RecordReader();

    /** Uses {@code fhir}, an R4 context (thread-safe, costly to build: share one). */
    public ProfileBundles(FhirContext fhir) {
        this.fhir = fhir;
    }

    /**
     * A profile read from a Bundle; what in the Bundle was not mapped (empty when everything was); the Patient and its
     * fullUrl; and when each field's value was observed (by its path, {@code pain.startBack} for the answers; fields
     * whose source gave no time are not in it), so that writing the facts out keeps their dates.
     */
    public record Mapped(Profile profile, List<String> notMapped, Patient patient, String patientFullUrl,
            Map<String, java.time.Instant> observed) {
        public Mapped {
            notMapped = List.copyOf(notMapped);
            observed = Map.copyOf(observed);
        }
    }

    /** As {@link #toBundle(Profile, OffsetDateTime)}, the facts dated now. */
    public Bundle toBundle(Profile profile) {
        return toBundle(profile, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * The profile as a collection Bundle (stamped {@code when}) of a Patient (its id the same for every version of one
     * profile), one Observation per field and, with STarT Back answers, a QuestionnaireResponse, each dated {@code when}
     * (the record's date) and with an id of this version of the profile: a later profile of the same person does not
     * overwrite this one's facts.
     */
    public Bundle toBundle(Profile profile, OffsetDateTime when) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION).setTimestamp(Date.from(when.toInstant()));
        String patientUrl = url(profile.id(), "Patient");
        Patient patient = new Patient();
        patient.setId(uuid(profile.id(), "Patient"));
        patient.addIdentifier().setSystem(PROFILE_ID_SYSTEM).setValue(profile.id());
        bundle.addEntry().setFullUrl(patientUrl).setResource(patient);
        for (Resource fact : facts(profile, patientUrl, when, Map.of())) {
            bundle.addEntry().setFullUrl("urn:uuid:" + fact.getIdPart()).setResource(fact);
        }
        return bundle;
    }

    /**
     * The profile's facts as resources about {@code patientUrl}: an Observation per field (its code's text the field's
     * path) and the STarT Back answers, each dated when {@code observed} says (by field path; {@code pain.startBack}
     * for the answers), else {@code when}; ids from the profile's id, {@code when}'s day and a digest of its content.
     */
    static List<Resource> facts(Profile profile, String patientUrl, OffsetDateTime when,
            Map<String, java.time.Instant> observed) {
        String line = PROFILES.toJsonLine(profile);
        JsonNode tree;
        try {
            tree = JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a profile's own JSON could not be read back", e);
        }
        String version = profile.id() + "@" + when.toLocalDate() + "@" + digest(line);
        List<Resource> facts = new ArrayList<>();
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        flatten(tree, "", fields);
        for (Map.Entry<String, JsonNode> section : tree.properties()) {
            if (section.getValue().isObject() && section.getValue().isEmpty()) fields.put(section.getKey(), section.getValue());
        }
        fields.remove("id");
        for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
            String path = field.getKey();
            if (path.startsWith("pain.startBack.")) continue;
            Observation observation = observation(path, field.getValue());
            observation.setId(uuid(version, path));
            observation.setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference(patientUrl))
                    .setEffective(dated(observed.getOrDefault(path, when.toInstant())));
            facts.add(observation);
        }
        JsonNode startBack = tree.path("pain").path("startBack");
        if (startBack.isObject()) {
            QuestionnaireResponse answers = new QuestionnaireResponse()
                    .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
                    .setQuestionnaire(START_BACK_QUESTIONNAIRE)
                    .setSubject(new Reference(patientUrl))
                    .setAuthored(Date.from(observed.getOrDefault("pain.startBack", when.toInstant())));
            answers.setId(uuid(version, "startBack"));
            for (int i = 0; i < RecordReader.START_BACK_ITEMS.size(); i++) {
                JsonNode answer = startBack.get(RecordReader.START_BACK_ITEMS.get(i));
                Type value = answer.isBoolean() ? new BooleanType(answer.booleanValue()) : new StringType(answer.asText());
                answers.addItem().setLinkId(Integer.toString(i + 1)).setText(RecordReader.START_BACK_ITEMS.get(i))
                        .addAnswer().setValue(value);
            }
            facts.add(answers);
        }
        return facts;
    }

    private static DateTimeType dated(java.time.Instant instant) {
        return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("UTC"));
    }

    /** The first 16 hex digits of the SHA-256 of {@code text}: which version of a profile or plan a resource is of. */
    static String digest(String text) {
        return sha256(text).substring(0, 16);
    }

    /** The SHA-256 of {@code text} (UTF-8), in hex. */
    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static void flatten(JsonNode node, String path, Map<String, JsonNode> fields) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                flatten(child.getValue(), path.isEmpty() ? child.getKey() : path + "." + child.getKey(), fields);
            }
        } else {
            fields.put(path, node);
        }
    }

    private static Observation observation(String path, JsonNode value) {
        Observation observation = new Observation();
        switch (path) {
            case "age" -> {
                observation.setCode(loinc(AGE, "Age"));
                observation.setValue(new Quantity().setValue(value.intValue()).setUnit("a").setSystem(UCUM).setCode("a"));
            }
            case "smoking.status" -> {
                observation.setCode(loinc(SMOKING_STATUS, "Tobacco smoking status"));
                observation.setValue(new CodeableConcept(SMOKING_WRITTEN.get(value.asText()).copy()));
            }
            case "pain.currentIntensity" -> {
                observation.setCode(loinc(PAIN_NOW, "Pain severity - 0-10 verbal numeric rating [Score] - Reported"));
                observation.setValue(new IntegerType(value.intValue()));
            }
            default -> {
                observation.setCode(new CodeableConcept(new Coding(FIELD_SYSTEM, path, null)).setText(path));
                if (value.isObject()) {
                    // a section assessed with nothing recorded in it: present, so not "not assessed"
                    observation.setDataAbsentReason(new CodeableConcept(new Coding(DATA_ABSENT, "asked-unknown",
                            "Asked But Unknown")));
                } else {
                    observation.setValue(value(value));
                }
            }
        }
        return observation;
    }

    private static Type value(JsonNode value) {
        if (value.isObject()) return null;
        if (value.isBoolean()) return new BooleanType(value.booleanValue());
        if (value.isIntegralNumber()) return new IntegerType(value.intValue());
        if (value.isNumber()) return new Quantity().setValue(value.decimalValue());
        if (value.isArray() && value.size() > 0 && value.get(0).isObject()) return new StringType(value.toString());
        if (value.isArray()) {
            List<String> choices = new ArrayList<>();
            value.forEach(choice -> choices.add(choice.asText()));
            return new StringType(choices.isEmpty() ? NONE : String.join(LIST_SEPARATOR, choices));
        }
        return new StringType(value.asText());
    }

    private static CodeableConcept loinc(String code, String display) {
        return new CodeableConcept(new Coding(LOINC, code, display));
    }

    /** A stable id for one resource of one profile, so that the same profile always gives the same Bundle. */
    static String uuid(String profileId, String what) {
        return UUID.nameUUIDFromBytes(("backcare:" + profileId + ":" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String url(String profileId, String what) {
        return "urn:uuid:" + uuid(profileId, what);
    }

    /**
     * How to read a record: the day ages are counted to ({@code null}: {@code Bundle.timestamp}, and no age from a
     * birth date without it), and whether the caller vouches that a searchset with a {@code next} link is complete.
     */
    public record Reading(LocalDate asOf, boolean complete) {
        /** Ages counted to {@code Bundle.timestamp}; a paged search refused. */
        public static final Reading DEFAULT = new Reading(null, false);
    }

    /**
     * Reads a profile from a record: a Bundle (collection, transaction, document or searchset) about one Patient, with
     * Observations, Conditions and a STarT Back QuestionnaireResponse (docs/fhir.md has every mapping). Nothing is
     * guessed: what cannot be used is left out and listed in {@link Mapped#notMapped()} (an unknown code, a value out
     * of range, a resource that may be another person's or carries a modifier extension Backcare does not understand,
     * an incomplete STarT Back response), and a section that loses a required field is not assessed. Of several values
     * for one field the latest by its effective time is used and the others listed; without times, none is.
     *
     * @throws InvalidProfileException when no profile can be read at all: no Patient or two different ones, one page of
     *     a search not vouched complete, or no usable age; the problems name {@code source}, followed by what was not
     *     mapped
     */
    public Mapped fromBundle(String source, Bundle bundle, Reading reading) throws InvalidProfileException {
        return records.read(source, bundle, reading);
    }

    /** As {@link #fromBundle(String, Bundle, Reading)}, ages counted to {@code asOf} ({@code null}: the timestamp). */
    public Mapped fromBundle(String source, Bundle bundle, LocalDate asOf) throws InvalidProfileException {
        return fromBundle(source, bundle, new Reading(asOf, false));
    }

    /** As {@link #fromBundle(String, Bundle, Reading)} with ages counted to {@code Bundle.timestamp}. */
    public Mapped fromBundle(String source, Bundle bundle) throws InvalidProfileException {
        return fromBundle(source, bundle, Reading.DEFAULT);
    }

    /** The FHIR context this uses. */
    public FhirContext context() {
        return fhir;
    }
}
