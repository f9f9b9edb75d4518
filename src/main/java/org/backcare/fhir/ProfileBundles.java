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
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.ProfileWriter;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
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
            "activity.dislikes", "activity.availableDays", "program.lastWeek.activities");

    private final FhirContext fhir;
    private final ObjectMapper json = new ObjectMapper();
    private final ProfileWriter profiles = new ProfileWriter();
    private final ProfileReader reader = new ProfileReader();

    /** Uses {@code fhir}, an R4 context (thread-safe, costly to build: share one). */
    public ProfileBundles(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** A profile read from a Bundle, and what in the Bundle was not mapped (empty when everything was). */
    public record Mapped(Profile profile, List<String> notMapped) {
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
     * Reads a profile from a Bundle's Patient, Observations and QuestionnaireResponse. Whatever is not mapped (another
     * resource type, an unknown code, a value of the wrong kind, two values for one field, an Observation that is not
     * final) is listed in {@link Mapped#notMapped()} and left out of the profile.
     *
     * @throws InvalidProfileException when the mapped profile breaks PROFILE.md (for example, no age), with the
     *     problems as the profile reader reports them, {@code source} naming the Bundle
     */
    public Mapped fromBundle(String source, Bundle bundle) throws InvalidProfileException {
        List<String> notMapped = new ArrayList<>();
        Map<String, List<JsonNode>> values = new LinkedHashMap<>();
        String id = null;
        LocalDate birthDate = null;
        QuestionnaireResponse startBack = null;
        int index = 0;
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            String where = "entry[" + index++ + "]" + (resource == null ? "" : " (" + resource.fhirType() + ")");
            if (resource instanceof Patient patient) {
                if (id != null) {
                    notMapped.add(where + ": a second Patient; expected one");
                    continue;
                }
                id = patient.getIdentifier().stream().filter(i -> PROFILE_ID_SYSTEM.equals(i.getSystem()))
                        .map(i -> i.getValue()).findFirst().orElse(patient.getIdElement().getIdPart());
                if (patient.hasBirthDate()) birthDate = patient.getBirthDateElement().getValueAsCalendar()
                        .toZonedDateTime().toLocalDate();
            } else if (resource instanceof Observation observation) {
                observation(where, observation, values, notMapped);
            } else if (resource instanceof QuestionnaireResponse answers
                    && answers.getQuestionnaire() != null && answers.getQuestionnaire().contains(START_BACK_PANEL)) {
                if (startBack != null) notMapped.add(where + ": a second STarT Back response; expected one");
                else startBack = answers;
            } else {
                notMapped.add(where + ": not a resource Backcare maps (Patient, Observation, the STarT Back"
                        + " QuestionnaireResponse)");
            }
        }
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        if (id != null) profile.put("id", id);
        if (!values.containsKey("age") && birthDate != null) {
            if (bundle.hasTimestamp()) {
                LocalDate asOf = bundle.getTimestamp().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
                values.put("age", List.of(JsonNodeFactory.instance.numberNode(Period.between(birthDate, asOf).getYears())));
            } else {
                notMapped.add("Patient.birthDate: no Bundle.timestamp to count the age to; give Bundle.timestamp or"
                        + " an Observation of LOINC " + AGE + " (age)");
            }
        }
        for (Map.Entry<String, List<JsonNode>> field : values.entrySet()) {
            if (field.getValue().size() > 1) {
                notMapped.add(field.getKey() + ": " + field.getValue().size() + " Observations; expected one, so none"
                        + " was used");
                continue;
            }
            put(profile, field.getKey(), field.getValue().get(0));
        }
        if (startBack != null) startBack(startBack, profile, notMapped);
        Profile read = reader.parse(source, profile.toString(), ProfileReader.Format.JSON);
        return new Mapped(read, notMapped);
    }

    private static void observation(String where, Observation observation, Map<String, List<JsonNode>> values,
            List<String> notMapped) {
        if (observation.getStatus() != Observation.ObservationStatus.FINAL
                && observation.getStatus() != Observation.ObservationStatus.AMENDED
                && observation.getStatus() != Observation.ObservationStatus.CORRECTED) {
            notMapped.add(where + ": status " + observation.getStatus() + "; only final, amended and corrected"
                    + " Observations are used");
            return;
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        for (Coding coding : observation.getCode().getCoding()) {
            String code = coding.getCode();
            if (LOINC.equals(coding.getSystem()) && AGE.equals(code)) {
                Integer age = whole(observation.getValue());
                if (age == null) notMapped.add(where + ": age (LOINC " + AGE + ") without a whole number of years");
                else values.computeIfAbsent("age", k -> new ArrayList<>()).add(f.numberNode(age));
                return;
            }
            if (LOINC.equals(coding.getSystem()) && PAIN_NOW.equals(code)) {
                Integer pain = whole(observation.getValue());
                if (pain == null) notMapped.add(where + ": pain (LOINC " + PAIN_NOW + ") without a whole number 0-10");
                else values.computeIfAbsent("pain.currentIntensity", k -> new ArrayList<>()).add(f.numberNode(pain));
                return;
            }
            if (LOINC.equals(coding.getSystem()) && SMOKING_STATUS.equals(code)) {
                String status = observation.getValue() instanceof CodeableConcept concept
                        ? concept.getCoding().stream().filter(c -> SNOMED.equals(c.getSystem()))
                                .map(c -> SMOKING_FINDINGS.get(c.getCode())).filter(s -> s != null).findFirst()
                                .orElse(null)
                        : null;
                if (status == null) {
                    notMapped.add(where + ": tobacco smoking status (LOINC " + SMOKING_STATUS + ") without a SNOMED CT"
                            + " finding Backcare maps (" + String.join(", ", SMOKING_FINDINGS.keySet().stream().sorted()
                            .toList()) + ")");
                } else {
                    values.computeIfAbsent("smoking.status", k -> new ArrayList<>()).add(f.textNode(status));
                }
                return;
            }
            if (FIELD_SYSTEM.equals(coding.getSystem()) && code != null) {
                JsonNode value = !observation.hasValue() && observation.hasDataAbsentReason() && !code.contains(".")
                        ? f.objectNode() : fieldValue(code, observation.getValue());
                if (value == null) notMapped.add(where + ": " + code + " without a value Backcare reads");
                else values.computeIfAbsent(code, k -> new ArrayList<>()).add(value);
                return;
            }
        }
        notMapped.add(where + ": code " + observation.getCode().getCoding().stream()
                .map(c -> c.getSystem() + "|" + c.getCode()).toList() + " is not one Backcare maps");
    }

    private static Integer whole(Type value) {
        if (value instanceof IntegerType integer) return integer.getValue();
        if (value instanceof Quantity quantity && quantity.hasValue()) {
            BigDecimal number = quantity.getValue();
            if (number.stripTrailingZeros().scale() <= 0) return number.intValueExact();
        }
        return null;
    }

    private static JsonNode fieldValue(String path, Type value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof BooleanType bool) return f.booleanNode(bool.booleanValue());
        if (value instanceof IntegerType integer) return f.numberNode(integer.getValue());
        if (value instanceof Quantity quantity && quantity.hasValue()) {
            return quantity.getValue().stripTrailingZeros().scale() <= 0 ? f.numberNode(quantity.getValue().intValue())
                    : f.numberNode(quantity.getValue().doubleValue());
        }
        if (value instanceof StringType text) {
            if (!LIST_FIELDS.contains(path)) return f.textNode(text.getValue());
            ArrayNode choices = f.arrayNode();
            if (!NONE.equals(text.getValue())) {
                for (String choice : text.getValue().split(LIST_SEPARATOR.strip())) choices.add(choice.strip());
            }
            return choices;
        }
        return null;
    }

    private static void put(ObjectNode profile, String path, JsonNode value) {
        String[] names = path.split("\\.");
        ObjectNode parent = profile;
        for (int i = 0; i < names.length - 1; i++) {
            JsonNode child = parent.get(names[i]);
            parent = child instanceof ObjectNode object ? object : parent.putObject(names[i]);
        }
        String last = names[names.length - 1];
        if (value.isObject() && parent.get(last) instanceof ObjectNode) return;   // a section already holding fields
        parent.set(last, value);
    }

    private static void startBack(QuestionnaireResponse answers, ObjectNode profile, List<String> notMapped) {
        JsonNode pain = profile.get("pain");
        ObjectNode startBack = (pain instanceof ObjectNode p ? p : profile.putObject("pain")).putObject("startBack");
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : answers.getItem()) {
            int number;
            try {
                number = Integer.parseInt(item.getLinkId());
            } catch (NumberFormatException e) {
                number = 0;
            }
            if (number < 1 || number > START_BACK_ITEMS.size() || item.getAnswer().size() != 1) {
                notMapped.add("STarT Back item " + item.getLinkId() + ": expected linkId 1-9 with one answer");
                continue;
            }
            Type value = item.getAnswerFirstRep().getValue();
            String name = START_BACK_ITEMS.get(number - 1);
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
