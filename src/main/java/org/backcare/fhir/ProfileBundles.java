package org.backcare.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Problem;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.ProfileWriter;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
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
    static final String START_BACK_QUESTIONNAIRE = LOINC + "/q/" + START_BACK_PANEL;
    private static final List<String> START_BACK_ITEMS = List.of("legPain", "shoulderOrNeckPain",
            "walkOnlyShortDistances", "dressedMoreSlowly", "notSafeToBeActive", "worryingThoughts",
            "painTerribleNeverBetter", "notEnjoyedThings", "bothersomeness");
    /** SNOMED CT smoking-status findings (the US Core smoking status value set) and the profile's status for each. */
    private static final Map<String, String> SMOKING_FINDINGS = Map.of(
            "266919005", "never", "8517006", "former", "77176002", "current", "449868002", "current",
            "428041000124106", "current", "428061000124105", "current", "428071000124103", "current");
    private static final Map<String, Coding> SMOKING_WRITTEN = Map.of(
            "never", new Coding(SNOMED, "266919005", "Never smoked tobacco"),
            "former", new Coding(SNOMED, "8517006", "Ex-smoker"),
            "current", new Coding(SNOMED, "77176002", "Smoker"));
    /** A list field written as one Observation: its choices joined by this, or {@value #NONE} when empty. */
    private static final String LIST_SEPARATOR = ", ";
    private static final String NONE = "none";
    private static final Set<String> LIST_FIELDS = Set.of("pain.areas", "pain.redFlags", "activity.likes",
            "activity.dislikes", "activity.availableDays", "program.lastWeek.activities", "program.lastWeek.redFlags",
            "clinician.excludeActivities");
    /**
     * A list of objects written as one Observation: its JSON text (the clinician's assessments, which have no standard
     * code Backcare maps yet).
     */
    private static final Set<String> JSON_FIELDS = Set.of("clinician.assessed");
    private static final ObjectMapper JSON_TEXT = new ObjectMapper();

    private final FhirContext fhir;
    private final ObjectMapper json = new ObjectMapper();
    private final ProfileWriter profiles = new ProfileWriter();
    private final ProfileReader reader = new ProfileReader();

    /** Uses {@code fhir}, an R4 context (thread-safe, costly to build: share one). */
    public ProfileBundles(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** A profile read from a Bundle, and what in the Bundle was not mapped (empty when everything was). */
    public record Mapped(Profile profile, List<String> notMapped, Patient patient, String patientFullUrl) {
        public Mapped {
            notMapped = List.copyOf(notMapped);
        }
    }

    /** The profile as a collection Bundle of a Patient, Observations and (with STarT Back answers) a QuestionnaireResponse. */
    public Bundle toBundle(Profile profile) {
        JsonNode tree;
        try {
            tree = json.readTree(profiles.toJsonLine(profile));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a profile's own JSON could not be read back", e);
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        String patientUrl = url(profile.id(), "Patient");
        Patient patient = new Patient();
        patient.setId(uuid(profile.id(), "Patient"));
        patient.addIdentifier().setSystem(PROFILE_ID_SYSTEM).setValue(profile.id());
        bundle.addEntry().setFullUrl(patientUrl).setResource(patient);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        flatten(tree, "", fields);
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> section = it.next();
            if (section.getValue().isObject() && section.getValue().isEmpty()) fields.put(section.getKey(), section.getValue());
        }
        fields.remove("id");
        for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
            String path = field.getKey();
            if (path.startsWith("pain.startBack.")) continue;
            Observation observation = observation(path, field.getValue());
            observation.setId(uuid(profile.id(), path));
            observation.setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference(patientUrl));
            bundle.addEntry().setFullUrl(url(profile.id(), path)).setResource(observation);
        }
        JsonNode startBack = tree.path("pain").path("startBack");
        if (startBack.isObject()) {
            QuestionnaireResponse answers = new QuestionnaireResponse()
                    .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
                    .setQuestionnaire(START_BACK_QUESTIONNAIRE)
                    .setSubject(new Reference(patientUrl));
            answers.setId(uuid(profile.id(), "startBack"));
            for (int i = 0; i < START_BACK_ITEMS.size(); i++) {
                JsonNode answer = startBack.get(START_BACK_ITEMS.get(i));
                Type value = answer.isBoolean() ? new BooleanType(answer.booleanValue()) : new StringType(answer.asText());
                answers.addItem().setLinkId(Integer.toString(i + 1)).setText(START_BACK_ITEMS.get(i)).addAnswer()
                        .setValue(value);
            }
            bundle.addEntry().setFullUrl(url(profile.id(), "startBack")).setResource(answers);
        }
        return bundle;
    }

    private static void flatten(JsonNode node, String path, Map<String, JsonNode> fields) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> child = it.next();
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
    private static String uuid(String profileId, String what) {
        return UUID.nameUUIDFromBytes(("backcare:" + profileId + ":" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String url(String profileId, String what) {
        return "urn:uuid:" + uuid(profileId, what);
    }

    /**
     * Reads a profile from a Bundle's Patient, Observations and QuestionnaireResponse, as of {@code asOf} (the day ages
     * are counted to; {@code null}: {@code Bundle.timestamp}, and no age from a birth date without it).
     *
     * <p>The Bundle must be about one person: a second Patient, or an Observation or response whose subject is
     * another, is refused. Of several values for one field the latest by its effective time is used (the others are
     * listed as superseded); without times to tell them apart, none is. Whatever else is not mapped (another resource,
     * an unknown code, a value of the wrong kind, unit or size, a response that is not completed) is listed in
     * {@link Mapped#notMapped()} and left out: nothing is guessed.
     *
     * @throws InvalidProfileException when the Bundle is not about one person, or the mapped profile breaks
     *     PROFILE.md (for example, no age): the problems as the profile reader reports them, {@code source} naming
     *     the Bundle, followed by what was not mapped
     */
    public Mapped fromBundle(String source, Bundle bundle, LocalDate asOf) throws InvalidProfileException {
        List<String> notMapped = new ArrayList<>();
        List<Patient> patients = new ArrayList<>();
        List<String> patientUrls = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Patient patient) {
                patients.add(patient);
                patientUrls.add(entry.getFullUrl());
            }
        }
        if (patients.size() != 1) {
            throw new InvalidProfileException(List.of(new Problem(source, 0, "", "the Bundle holds " + patients.size()
                    + " Patients; expected exactly one, the person to plan for")));
        }
        Patient patient = patients.get(0);
        Subject subject = new Subject(patient, patientUrls.get(0));
        Map<String, List<Dated>> values = new LinkedHashMap<>();
        List<Dated> startBacks = new ArrayList<>();
        int index = 0;
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            String where = "entry[" + index++ + "]" + (resource == null ? "" : " (" + resource.fhirType() + ")");
            if (resource == null || resource instanceof Patient) {
                if (resource == null) notMapped.add(where + ": no resource");
            } else if (resource instanceof Observation observation) {
                if (!subject.is(observation.getSubject())) {
                    throw anotherPerson(source, where, observation.getSubject(), notMapped);
                }
                observation(where, observation, values, notMapped);
            } else if (resource instanceof QuestionnaireResponse answers && isStartBack(answers)) {
                if (!subject.is(answers.getSubject())) throw anotherPerson(source, where, answers.getSubject(), notMapped);
                if (answers.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                        || answers.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED) {
                    startBacks.add(new Dated(answers.hasAuthored() ? answers.getAuthored().toInstant() : null,
                            JsonNodeFactory.instance.textNode(where), answers));
                } else {
                    notMapped.add(where + ": a STarT Back response with status " + (answers.getStatus() == null ? "none"
                            : answers.getStatus().toCode()) + "; only completed and amended responses are used");
                }
            } else {
                notMapped.add(where + ": not a resource Backcare maps (Patient, Observation, a QuestionnaireResponse"
                        + " to " + START_BACK_QUESTIONNAIRE + ")");
            }
        }
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        String id = patient.getIdentifier().stream().filter(i -> PROFILE_ID_SYSTEM.equals(i.getSystem()))
                .map(i -> i.getValue()).findFirst().orElse(patient.getIdElement().getIdPart());
        if (id != null) profile.put("id", id);
        if (!values.containsKey("age") && patient.hasBirthDate()) age(patient, bundle, asOf, values, notMapped);
        for (Map.Entry<String, List<Dated>> field : values.entrySet()) {
            Dated chosen = latest(field.getKey(), field.getValue(), notMapped);
            if (chosen != null) put(profile, field.getKey(), chosen.value());
        }
        Dated startBack = latest("the STarT Back answers", startBacks, notMapped);
        if (startBack != null) startBack((QuestionnaireResponse) startBack.resource(), profile, notMapped);
        try {
            Profile read = reader.parse(source, profile.toString(), ProfileReader.Format.JSON);
            return new Mapped(read, notMapped, patient, patientUrls.get(0));
        } catch (InvalidProfileException e) {
            List<Problem> problems = new ArrayList<>(e.problems());
            for (String line : notMapped) problems.add(new Problem(source, 0, "", "not mapped: " + line));
            throw new InvalidProfileException(problems);
        }
    }

    /** As {@link #fromBundle(String, Bundle, LocalDate)} with ages counted to {@code Bundle.timestamp}. */
    public Mapped fromBundle(String source, Bundle bundle) throws InvalidProfileException {
        return fromBundle(source, bundle, null);
    }

    /** The one Patient of a Bundle, and whether a reference points at it. */
    private record Subject(Patient patient, String fullUrl) {
        boolean is(Reference reference) {
            if (reference == null || reference.isEmpty() || !reference.hasReference()) return true;
            String target = reference.getReference();
            if (fullUrl != null && fullUrl.equals(target)) return true;
            String patientId = patient.getIdElement().getIdPart();
            if (target.startsWith("urn:uuid:")) return target.substring("urn:uuid:".length()).equals(patientId);
            IdType id = new IdType(target);
            return (id.getResourceType() == null || "Patient".equals(id.getResourceType()))
                    && id.getIdPart() != null && id.getIdPart().equals(patientId);
        }
    }

    private static InvalidProfileException anotherPerson(String source, String where, Reference subject,
            List<String> notMapped) {
        return new InvalidProfileException(List.of(new Problem(source, 0, "", where + ": about "
                + subject.getReference() + ", not the Bundle's Patient; expected every resource to be about one"
                + " person")));
    }

    /** A value with the time it was true (null when not known), and the resource it came from. */
    private record Dated(java.time.Instant when, JsonNode value, Resource resource) {
    }

    /** The latest of several values (the others listed as superseded), or none when their times cannot tell. */
    private static Dated latest(String field, List<Dated> values, List<String> notMapped) {
        if (values.isEmpty()) return null;
        if (values.size() == 1) return values.get(0);
        if (values.stream().anyMatch(v -> v.when() == null)) {
            notMapped.add(field + ": " + values.size() + " values and not all with a time; expected one, or times to"
                    + " choose the latest, so none was used");
            return null;
        }
        List<Dated> sorted = new ArrayList<>(values);
        sorted.sort(java.util.Comparator.comparing(Dated::when));
        Dated last = sorted.get(sorted.size() - 1);
        if (last.when().equals(sorted.get(sorted.size() - 2).when())) {
            notMapped.add(field + ": " + values.size() + " values with the same latest time; none was used");
            return null;
        }
        notMapped.add(field + ": " + (values.size() - 1) + " earlier value" + (values.size() == 2 ? "" : "s")
                + " superseded by the latest (" + last.when() + ")");
        return last;
    }

    private static void age(Patient patient, Bundle bundle, LocalDate asOf, Map<String, List<Dated>> values,
            List<String> notMapped) {
        if (patient.getBirthDateElement().getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
            notMapped.add("Patient.birthDate: " + patient.getBirthDateElement().getValueAsString() + " is not a full"
                    + " date; give the day, or an Observation of LOINC " + AGE + " (age)");
            return;
        }
        LocalDate day = asOf != null ? asOf
                : bundle.hasTimestamp() ? bundle.getTimestamp().toInstant().atZone(ZoneOffset.UTC).toLocalDate() : null;
        if (day == null) {
            notMapped.add("Patient.birthDate: no Bundle.timestamp to count the age to; give Bundle.timestamp or an"
                    + " Observation of LOINC " + AGE + " (age)");
            return;
        }
        LocalDate born = LocalDate.parse(patient.getBirthDateElement().getValueAsString());
        if (born.isAfter(day)) {
            notMapped.add("Patient.birthDate: " + born + " is after " + day);
            return;
        }
        values.put("age", List.of(new Dated(null, JsonNodeFactory.instance.numberNode(Period.between(born, day)
                .getYears()), patient)));
    }

    private static boolean isStartBack(QuestionnaireResponse answers) {
        String questionnaire = answers.getQuestionnaire();
        if (questionnaire == null) return false;
        int version = questionnaire.indexOf('|');
        return (version < 0 ? questionnaire : questionnaire.substring(0, version)).equals(START_BACK_QUESTIONNAIRE);
    }

    private static java.time.Instant effective(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) return observation.getEffectiveDateTimeType().getValue().toInstant();
        if (observation.hasEffectiveInstantType()) return observation.getEffectiveInstantType().getValue().toInstant();
        if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasEnd()) {
            return observation.getEffectivePeriod().getEnd().toInstant();
        }
        if (observation.hasIssued()) return observation.getIssued().toInstant();
        return null;
    }

    private static void observation(String where, Observation observation, Map<String, List<Dated>> values,
            List<String> notMapped) {
        if (observation.getStatus() != Observation.ObservationStatus.FINAL
                && observation.getStatus() != Observation.ObservationStatus.AMENDED
                && observation.getStatus() != Observation.ObservationStatus.CORRECTED) {
            notMapped.add(where + ": status " + (observation.getStatus() == null ? "none" : observation.getStatus().toCode())
                    + "; only final, amended and corrected"
                    + " Observations are used");
            return;
        }
        java.time.Instant when = effective(observation);
        JsonNodeFactory f = JsonNodeFactory.instance;
        for (Coding coding : observation.getCode().getCoding()) {
            String code = coding.getCode();
            String field = null;
            JsonNode value = null;
            String problem = null;
            if (LOINC.equals(coding.getSystem()) && AGE.equals(code)) {
                field = "age";
                Integer years = years(observation.getValue());
                if (years == null) problem = "age (LOINC " + AGE + ") without a whole number of years (UCUM a), with"
                        + " no comparator";
                else value = f.numberNode(years);
            } else if (LOINC.equals(coding.getSystem()) && PAIN_NOW.equals(code)) {
                field = "pain.currentIntensity";
                Integer pain = whole(observation.getValue());
                if (pain == null) problem = "pain (LOINC " + PAIN_NOW + ") without a whole number";
                else value = f.numberNode(pain);
            } else if (LOINC.equals(coding.getSystem()) && SMOKING_STATUS.equals(code)) {
                field = "smoking.status";
                String status = observation.getValue() instanceof CodeableConcept concept
                        ? concept.getCoding().stream().filter(c -> SNOMED.equals(c.getSystem()))
                                .map(c -> SMOKING_FINDINGS.get(c.getCode())).filter(s -> s != null).findFirst()
                                .orElse(null)
                        : null;
                if (status == null) {
                    problem = "tobacco smoking status (LOINC " + SMOKING_STATUS + ") without a SNOMED CT finding"
                            + " Backcare maps (" + String.join(", ", SMOKING_FINDINGS.keySet().stream().sorted()
                            .toList()) + ")";
                } else {
                    value = f.textNode(status);
                }
            } else if (FIELD_SYSTEM.equals(coding.getSystem()) && code != null) {
                if (!FIELD_CODE.matcher(code).matches()) {
                    notMapped.add(where + ": " + FIELD_SYSTEM + " code \"" + Problem.printable(code) + "\" is not a"
                            + " profile field's path");
                    return;
                }
                field = code;
                value = !observation.hasValue() && observation.hasDataAbsentReason() && !code.contains(".")
                        ? f.objectNode() : fieldValue(code, observation.getValue());
                if (value == null) problem = code + " without a value Backcare reads";
            } else {
                continue;
            }
            if (problem != null) notMapped.add(where + ": " + problem);
            else values.computeIfAbsent(field, k -> new ArrayList<>()).add(new Dated(when, value, observation));
            return;
        }
        notMapped.add(where + ": code " + observation.getCode().getCoding().stream()
                .map(c -> c.getSystem() + "|" + c.getCode()).toList() + " is not one Backcare maps");
    }

    /** A field's path in Backcare's code system: camelCase names joined by dots; never the profile's id. */
    private static final java.util.regex.Pattern FIELD_CODE =
            java.util.regex.Pattern.compile("(?!id$)[a-z][A-Za-z]{0,40}(\\.[a-z][A-Za-z]{0,40}){0,3}");

    /** A whole number in int range, from an integer or a quantity without fraction or comparator; else null. */
    private static Integer whole(Type value) {
        if (value instanceof IntegerType integer) return integer.getValue();
        if (value instanceof Quantity quantity && quantity.hasValue() && !quantity.hasComparator()) {
            return exactInt(quantity.getValue());
        }
        return null;
    }

    /** Years from a quantity in UCUM years (or an integer), with no comparator; else null. */
    private static Integer years(Type value) {
        if (value instanceof IntegerType integer) return integer.getValue();
        if (value instanceof Quantity quantity && quantity.hasValue() && !quantity.hasComparator()
                && (!quantity.hasCode() || "a".equals(quantity.getCode()))
                && (quantity.hasCode() || !quantity.hasUnit() || List.of("a", "yr", "year", "years").contains(quantity.getUnit()))) {
            return exactInt(quantity.getValue());
        }
        return null;
    }

    private static Integer exactInt(BigDecimal number) {
        try {
            return number.stripTrailingZeros().scale() <= 0 ? number.intValueExact() : null;
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }

    private static JsonNode fieldValue(String path, Type value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof BooleanType bool) return f.booleanNode(bool.booleanValue());
        if (value instanceof IntegerType integer) return f.numberNode(integer.getValue());
        if (value instanceof Quantity quantity && quantity.hasValue() && !quantity.hasComparator()) {
            Integer whole = exactInt(quantity.getValue());
            if (whole != null) return f.numberNode(whole);
            double number = quantity.getValue().doubleValue();
            return Double.isFinite(number) && quantity.getValue().stripTrailingZeros().scale() > 0
                    ? f.numberNode(number) : null;
        }
        if (value instanceof StringType text && text.getValue() != null) {
            if (JSON_FIELDS.contains(path)) return jsonList(text.getValue());
            if (!LIST_FIELDS.contains(path)) return f.textNode(text.getValue());
            ArrayNode choices = f.arrayNode();
            if (!NONE.equals(text.getValue())) {
                for (String choice : text.getValue().split(LIST_SEPARATOR.strip())) choices.add(choice.strip());
            }
            return choices;
        }
        return null;
    }

    /** A list of objects from its JSON text, or null when the text is not one (the profile reader checks the rest). */
    private static JsonNode jsonList(String text) {
        if (NONE.equals(text)) return JsonNodeFactory.instance.arrayNode();
        if (text.length() > ProfileReader.MAX_BYTES) return null;
        try {
            JsonNode list = JSON_TEXT.readTree(text);
            return list != null && list.isArray() ? list : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static void put(ObjectNode profile, String path, JsonNode value) {
        String[] names = path.split("\\.");
        ObjectNode parent = profile;
        for (int i = 0; i < names.length - 1; i++) {
            JsonNode child = parent.get(names[i]);
            if (child != null && !(child instanceof ObjectNode)) return;   // a value where a section should be
            parent = child instanceof ObjectNode object ? object : parent.putObject(names[i]);
        }
        String last = names[names.length - 1];
        if (value.isObject() && parent.get(last) instanceof ObjectNode) return;   // a section already holding fields
        parent.set(last, value);
    }

    private static void startBack(QuestionnaireResponse answers, ObjectNode profile, List<String> notMapped) {
        JsonNode pain = profile.get("pain");
        ObjectNode startBack = (pain instanceof ObjectNode p ? p : profile.putObject("pain")).putObject("startBack");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : answers.getItem()) {
            int number;
            try {
                number = Integer.parseInt(item.getLinkId());
            } catch (NumberFormatException e) {
                number = 0;
            }
            Type value = item.getAnswer().size() == 1 ? item.getAnswerFirstRep().getValue() : null;
            if (number < 1 || number > START_BACK_ITEMS.size() || value == null) {
                notMapped.add("STarT Back item " + Problem.printable(String.valueOf(item.getLinkId()))
                        + ": expected linkId 1-9 with one answer");
                continue;
            }
            String name = START_BACK_ITEMS.get(number - 1);
            if (!seen.add(name)) {
                notMapped.add("STarT Back item " + number + ": answered twice; neither answer was used");
                startBack.remove(name);
                continue;
            }
            if (value instanceof BooleanType bool) startBack.put(name, bool.booleanValue());
            else if (value instanceof Coding coding) startBack.put(name, coding.getCode());
            else if (value instanceof StringType text) startBack.put(name, text.getValue());
            else notMapped.add("STarT Back item " + number + ": an answer of type " + value.fhirType()
                    + "; expected a boolean (items 1-8) or a code or text (item 9)");
        }
    }

    /** The FHIR context this uses. */
    public FhirContext context() {
        return fhir;
    }
}
