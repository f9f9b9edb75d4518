package org.backcare.fhir;

import static org.backcare.fhir.ProfileBundles.AGE;
import static org.backcare.fhir.ProfileBundles.FIELD_SYSTEM;
import static org.backcare.fhir.ProfileBundles.LOINC;
import static org.backcare.fhir.ProfileBundles.PAIN_NOW;
import static org.backcare.fhir.ProfileBundles.PROFILE_ID_SYSTEM;
import static org.backcare.fhir.ProfileBundles.SMOKING_STATUS;
import static org.backcare.fhir.ProfileBundles.SNOMED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Problem;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BackboneElement;
import org.hl7.fhir.r4.model.BackboneType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Reads a profile from a Bundle as EHRs, Synthea, IPS documents and form fillers write it (docs/fhir.md, "Reading a
 * record"). It never refuses a record for one item and never guesses: whatever cannot be used (an unknown code, a value
 * out of range, a resource that may be another person's, a modifier extension it does not understand, an incomplete
 * STarT Back response) is left out and listed, and a section that loses a required field is not assessed. It refuses
 * only a record it cannot plan from at all: no single Patient, one page of a search, or no usable age.
 *
 * <p>Stateless and thread-safe.
 */
final class RecordReader {
    /** STarT Back items in the tool's order, as the profile names them. */
    static final List<String> START_BACK_ITEMS = List.of("legPain", "shoulderOrNeckPain", "walkOnlyShortDistances",
            "dressedMoreSlowly", "notSafeToBeActive", "worryingThoughts", "painTerribleNeverBetter", "notEnjoyedThings",
            "bothersomeness");
    /** The LOINC codes of the STarT Back panel's nine items, in the tool's order (LOINC 91349-1, items 91340-0 to 91348-3). */
    static final List<String> START_BACK_ITEM_CODES = List.of("91340-0", "91341-8", "91342-6", "91343-4", "91344-2",
            "91345-9", "91346-7", "91347-5", "91348-3");
    /**
     * LOINC's generic answers yes (LA33-6) and no (LA32-8). Item 9's answers are read by their code or text: no LOINC
     * answer list for it could be confirmed, so no LA code is taken on trust.
     */
    private static final Map<String, Boolean> YES_NO = Map.of("LA33-6", true, "LA32-8", false);
    private static final List<String> BOTHERSOMENESS = List.of("not-at-all", "slightly", "moderately", "very-much",
            "extremely");
    /** SNOMED CT smoking-status findings (US Core and IPS value sets) and the profile's status for each. */
    static final Map<String, String> SMOKING_FINDINGS = Map.of(
            "266919005", "never", "8517006", "former", "77176002", "current", "449868002", "current",
            "428041000124106", "current", "428061000124105", "current", "428071000124103", "current",
            "230063004", "current", "230060001", "current");
    /**
     * A problem-list code that clearly means a red flag: the flag, the code's display, and whether it stays true once
     * recorded (a cancer in remission is still a history of cancer; HIV stays; an immunosuppression that resolved does
     * not).
     */
    record FlagCode(String flag, String display, boolean lifelong) {
        FlagCode(String flag, String display) {
            this(flag, display, !flag.equals("immunosuppressed"));
        }
    }

    /** ICD-10-CM, for the one red flag SNOMED CT gave no checked code for: long-term steroid use. */
    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    static final Map<String, FlagCode> RED_FLAG_ICD10CM = Map.of(
            "Z79.52", new FlagCode("osteoporosis-or-steroids", "Long term (current) use of systemic steroids"));

    /**
     * SNOMED CT problem-list codes that clearly mean a red flag (docs/fhir.md has the table with where each was
     * checked). Chronic flags only: an acute flag (fever, numbness, new weakness) is about today, which a problem list
     * cannot say. Non-melanoma skin cancer is left out: it seldom spreads to the spine.
     */
    static final Map<String, FlagCode> RED_FLAG_CONDITIONS = Map.ofEntries(
            Map.entry("363346000", new FlagCode("history-of-cancer", "Malignant neoplastic disease (disorder)")),
            Map.entry("254837009", new FlagCode("history-of-cancer", "Malignant neoplasm of breast (disorder)")),
            Map.entry("254637007", new FlagCode("history-of-cancer", "Non-small cell lung cancer (disorder)")),
            Map.entry("254632001", new FlagCode("history-of-cancer", "Small cell carcinoma of lung (disorder)")),
            Map.entry("93761005", new FlagCode("history-of-cancer", "Primary malignant neoplasm of colon (disorder)")),
            Map.entry("109838007", new FlagCode("history-of-cancer", "Overlapping malignant neoplasm of colon (disorder)")),
            Map.entry("363406005", new FlagCode("history-of-cancer", "Malignant tumor of colon (disorder)")),
            Map.entry("94260004", new FlagCode("history-of-cancer", "Secondary malignant neoplasm of colon (disorder)")),
            Map.entry("161432005", new FlagCode("history-of-cancer", "History of malignant melanoma (situation)")),
            Map.entry("1287652008", new FlagCode("history-of-cancer",
                    "History of metastatic malignant neoplasm (situation)")),
            Map.entry("266987004", new FlagCode("history-of-cancer", "History of malignant neoplasm (situation)")),
            Map.entry("399068003", new FlagCode("history-of-cancer", "Malignant tumor of prostate (disorder)")),
            Map.entry("109989006", new FlagCode("history-of-cancer", "Multiple myeloma (disorder)")),
            Map.entry("64859006", new FlagCode("osteoporosis-or-steroids", "Osteoporosis (disorder)")),
            Map.entry("38013005", new FlagCode("immunosuppressed", "Immunosuppression (finding)")),
            Map.entry("370388006", new FlagCode("immunosuppressed", "Patient immunocompromised (finding)")),
            Map.entry("370391006", new FlagCode("immunosuppressed", "Patient immunosuppressed (finding)")),
            Map.entry("86406008", new FlagCode("immunosuppressed", "Human immunodeficiency virus infection (disorder)",
                    true)),
            Map.entry("165816005", new FlagCode("immunosuppressed", "Human immunodeficiency virus positive (finding)",
                    true)),
            Map.entry("145121000119106", new FlagCode("iv-drug-use",
                    "Intravenous nondependent opioid abuse (disorder)")));
    private static final String NOT_THIS_PERSON = "may not be this person's";
    /**
     * How old a value about the episode today (pain, red flags, STarT Back, last week) may be: 14 days, the STarT Back
     * tool's own recall window ("in the last 2 weeks"); an older one does not describe the person today.
     */
    static final int CURRENT_DAYS = 14;
    /** How old any other value (smoking, sleep, sitting, diet, activity) may be: a year. */
    static final int BACKGROUND_DAYS = 365;
    /** The STarT Back panel's score items (distress, total, risk level): computed, not answered; Backcare scores. */
    private static final Set<String> START_BACK_SCORE_CODES = Set.of("91350-9", "91351-7", "91352-5");
    /** A field's path in Backcare's code system: camelCase names joined by dots; never the profile's id. */
    private static final Pattern FIELD_CODE = Pattern.compile("(?!id$)[a-z][A-Za-z]{0,40}(\\.[a-z][A-Za-z]{0,40}){0,3}");
    private static final Pattern PROFILE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
    private static final ObjectMapper JSON_TEXT = new ObjectMapper();
    /** At most this many rounds of leaving out what the profile reader refuses (each leaves out at least one field). */
    private static final int MAX_ROUNDS = 40;

    private final ProfileReader reader = new ProfileReader();

    ProfileBundles.Mapped read(String source, Bundle bundle, ProfileBundles.Reading reading)
            throws InvalidProfileException {
        if (bundle.getType() == Bundle.BundleType.SEARCHSET && bundle.getLink(Bundle.LINK_NEXT) != null
                && !reading.complete()) {
            throw refused(source, "the Bundle is one page of a search (a \"next\" link to "
                    + Problem.printable(bundle.getLink(Bundle.LINK_NEXT).getUrl())
                    + (bundle.hasTotal() ? ", " + bundle.getTotal() + " matches in all" : "") + "); expected every"
                    + " page in one Bundle, or the caller's word that it is complete (--complete)");
        }
        Person person = person(source, bundle);
        List<String> notMapped = new ArrayList<>();
        Collected found = collect(bundle, person, notMapped);
        Map<String, List<Dated>> values = found.values();
        List<Dated> startBacks = found.startBacks();
        Set<String> recordedFlags = found.recordedFlags();
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        profile.put("id", person.profileId());
        // the record's date: what ages are counted to and values are dated against (without one, today: a value too
        // old today is too old for any date the record could have)
        LocalDate recordDate = reading.asOf() != null ? reading.asOf() : bundle.hasTimestamp()
                ? bundle.getTimestamp().toInstant().atZone(ZoneOffset.UTC).toLocalDate() : null;
        LocalDate datedAgainst = recordDate != null ? recordDate : LocalDate.now(ZoneOffset.UTC);
        if (person.patient().hasBirthDate()) age(person.patient(), recordDate, values, notMapped);
        Map<String, Instant> observed = new LinkedHashMap<>();
        for (Map.Entry<String, List<Dated>> field : values.entrySet()) {
            List<Dated> current = current(field.getKey(), field.getValue(), datedAgainst, window(field.getKey()),
                    notMapped);
            Dated chosen = latest(field.getKey(), current, notMapped);
            if (chosen == null) continue;
            put(profile, field.getKey(), chosen.value(), notMapped);
            if (chosen.when() != null) observed.put(field.getKey(), chosen.when());
        }
        Dated startBack = latest("the STarT Back answers", current("the STarT Back answers", startBacks, datedAgainst,
                CURRENT_DAYS, notMapped), notMapped);
        if (startBack != null && startBack((QuestionnaireResponse) startBack.resource(), profile, notMapped)
                && startBack.when() != null) {
            observed.put("pain.startBack", startBack.when());
        }
        recordedRedFlags(profile, recordedFlags);
        Profile read = readLeavingOut(source, profile, notMapped);
        return new ProfileBundles.Mapped(read, notMapped, person.patient(), person.fullUrl(), observed);
    }

    /** What the entries of a record give: the mapped values by field, the STarT Back responses, the recorded flags. */
    private record Collected(Map<String, List<Dated>> values, List<Dated> startBacks, Set<String> recordedFlags) {
    }

    /**
     * Reads each entry that may be used (about this Patient, understood, of a kind Backcare maps) into values by
     * field, STarT Back responses and red flags; lists the rest.
     */
    private static Collected collect(Bundle bundle, Person person, List<String> notMapped) {
        Map<String, List<Dated>> values = new LinkedHashMap<>();
        List<Dated> startBacks = new ArrayList<>();
        Set<String> recordedFlags = new LinkedHashSet<>();
        Map<String, List<String>> otherResources = new TreeMap<>();
        int index = 0;
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            String where = "entry[" + index++ + "]" + (resource == null ? "" : " (" + resource.fhirType() + ")");
            if (resource instanceof Patient) continue;
            if (resource == null) {
                notMapped.add(where + ": no resource");
                continue;
            }
            if (!(resource instanceof Observation || resource instanceof Condition
                    || resource instanceof QuestionnaireResponse answers && isStartBack(answers))) {
                otherResources.computeIfAbsent(resource.fhirType(), type -> new ArrayList<>()).add("entry[" + (index - 1) + "]");
                continue;
            }
            String modifier = entry.hasModifierExtension()
                    ? printable(String.valueOf(entry.getModifierExtensionFirstRep().getUrl())) : modifierExtension(resource);
            if (modifier != null || resource.hasImplicitRules()) {
                notMapped.add(where + ": " + (modifier != null ? "a modifierExtension Backcare does not understand ("
                        + modifier + ")" : "implicitRules Backcare does not understand (" + printable(
                        resource.getImplicitRules()) + ")") + "; FHIR forbids ignoring them, so the resource was not"
                        + " used");
                continue;
            }
            if (resource instanceof Observation withFocus && withFocus.hasFocus()) {
                notMapped.add(where + ": its focus is " + printable(withFocus.getFocusFirstRep().getReference())
                        + ", not the Patient, so it " + NOT_THIS_PERSON + "; not used");
                continue;
            }
            String notTheirs = person.notAbout(resource instanceof Observation o ? o.getSubject()
                    : resource instanceof Condition c ? c.getSubject() : ((QuestionnaireResponse) resource).getSubject());
            if (notTheirs != null) {
                notMapped.add(where + ": " + notTheirs + ", so it " + NOT_THIS_PERSON + "; not used");
                continue;
            }
            if (resource instanceof Observation observation) {
                observation(where, observation, values, notMapped);
            } else if (resource instanceof Condition condition) {
                condition(where, condition, recordedFlags, notMapped);
            } else {
                QuestionnaireResponse answers = (QuestionnaireResponse) resource;
                if (answers.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                        || answers.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED) {
                    startBacks.add(new Dated(answers.hasAuthored() ? answers.getAuthored().toInstant() : null,
                            JsonNodeFactory.instance.textNode(where), answers));
                } else {
                    notMapped.add(where + ": a STarT Back response with status " + (answers.getStatus() == null
                            ? "none" : answers.getStatus().toCode()) + "; only completed and amended responses are used");
                }
            }
        }
        otherResources.forEach((type, entries) -> notMapped.add(entries.size() + " " + type + " resource"
                + (entries.size() == 1 ? "" : "s") + " (" + type + ": " + String.join(", ", entries.stream().limit(5)
                .toList()) + (entries.size() > 5 ? ", ..." : "") + "): not a kind Backcare maps"));
        return new Collected(values, startBacks, recordedFlags);
    }

    /**
     * How many days old a field's value may be: {@value #CURRENT_DAYS} for the episode today (pain, program),
     * {@value #BACKGROUND_DAYS} for the rest; -1 (no limit) for the age.
     */
    private static int window(String field) {
        if (field.equals("age")) return -1;
        return field.startsWith("pain.") || field.startsWith("program.") ? CURRENT_DAYS : BACKGROUND_DAYS;
    }

    /**
     * The values of {@code field} that describe the person on {@code day}: none dated after it, none older than
     * {@code days} (-1: no limit); the others listed. An undated value is kept: nothing tells its age.
     */
    private static List<Dated> current(String field, List<Dated> values, LocalDate day, int days,
            List<String> notMapped) {
        if (days < 0) return values;
        boolean episode = days == CURRENT_DAYS;
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant start = day.minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Dated> kept = new ArrayList<>();
        for (Dated value : values) {
            if (value.when() != null && value.when().isAfter(end)) {
                notMapped.add(field + ": a value dated " + value.when() + ", after the record's date " + day
                        + "; not used");
            } else if (value.when() != null && value.when().isBefore(start)) {
                notMapped.add(field + ": a value dated " + value.when() + ", more than " + days + " days before "
                        + day + " (" + (episode ? "the episode today" : "a background fact") + "); not used");
            } else {
                kept.add(value);
            }
        }
        return kept;
    }

    private static InvalidProfileException refused(String source, String why) {
        return new InvalidProfileException(List.of(new Problem(source, 0, "", why)));
    }

    /**
     * The profile the mapped fields make; a field the profile reader refuses is left out (an item of a list alone, a
     * section that then lacks a required field whole), each listed, until what is left reads. A problem with the id,
     * the age or the whole profile cannot be left out; nor can a red flag: a record whose red flags (reported or
     * recorded) the plan could not carry is refused, since a plan without them would hide them. Refusals name the
     * problems, then what was not mapped.
     */
    private Profile readLeavingOut(String source, ObjectNode profile, List<String> notMapped)
            throws InvalidProfileException {
        Set<String> flags = new LinkedHashSet<>();
        for (String list : List.of("redFlags", "recordedRedFlags")) {
            profile.path("pain").path(list).forEach(flag -> {
                if (flag.isTextual() && org.backcare.profile.WireName.parse(org.backcare.profile.RedFlag.class,
                        flag.asText()).isPresent()) {
                    flags.add(flag.asText());
                }
            });
        }
        for (int round = 0; ; round++) {
            Profile read;
            try {
                read = reader.parse(source, profile.toString(), ProfileReader.Format.JSON);
            } catch (InvalidProfileException e) {
                if (round < MAX_ROUNDS && leaveOut(profile, e.problems(), notMapped)) continue;
                throw refusal(e.problems(), source, notMapped);
            }
            Set<String> kept = new HashSet<>();
            if (read.pain() != null) read.pain().redFlags().forEach(flag -> kept.add(org.backcare.profile.WireName.of(flag)));
            List<String> lost = flags.stream().filter(flag -> !kept.contains(flag)).toList();
            if (!lost.isEmpty()) {
                throw refusal(List.of(new Problem(source, 0, "pain", "the record's red flags (" + String.join(", ",
                        lost) + ") cannot be kept: " + (read.pain() == null ? "there is no usable pain score"
                        + " (pain.currentIntensity) for them to sit with; record one (0 when there is no pain)"
                        : "see what was not mapped") + ". A plan without them would hide them, so none is made")),
                        source, notMapped);
            }
            return read;
        }
    }

    private static InvalidProfileException refusal(List<Problem> problems, String source, List<String> notMapped) {
        List<Problem> all = new ArrayList<>(problems);
        for (String line : notMapped) all.add(new Problem(source, 0, "", "not mapped: " + line));
        return new InvalidProfileException(all);
    }

    /**
     * Leaves out, from {@code profile}, what each problem names: the item of a list (from the last, so that indices
     * hold), else the field, else (a required field missing) its section. Returns whether anything was left out.
     */
    private static boolean leaveOut(ObjectNode profile, List<Problem> problems, List<String> notMapped) {
        boolean leftOut = false;
        // items of one list from the last, so that removing one leaves the others' indices as the problems give them
        List<Problem> ordered = new ArrayList<>(problems);
        ordered.sort(Comparator.comparing((Problem p) -> p.field().replaceAll("\\[.*$", ""))
                .thenComparing(p -> -index(p.field())));
        for (Problem problem : ordered) {
            java.util.regex.Matcher item = LIST_ITEM.matcher(problem.field());
            String path = problem.field().replaceAll("\\[.*$", "");
            if (path.isEmpty() || path.equals("id") || path.equals("age")) continue;
            if (item.matches() && at(profile, item.group(1)) instanceof ArrayNode list
                    && Integer.parseInt(item.group(2)) < list.size()) {
                JsonNode gone = list.remove(Integer.parseInt(item.group(2)));
                notMapped.add(problem.field() + ": " + problem.message() + "; this item (" + printable(gone.toString())
                        + ") left out, the rest kept");
                leftOut = true;
            } else if (remove(profile, path)) {
                notMapped.add(path + ": " + problem.message() + "; left out");
                leftOut = true;
            } else if (path.contains(".")) {
                String section = path.substring(0, path.lastIndexOf('.'));
                if (remove(profile, section)) {
                    notMapped.add(section + ": left out, so not assessed: " + path + " " + problem.message());
                    leftOut = true;
                }
            }
        }
        return leftOut;
    }

    private static int index(String field) {
        java.util.regex.Matcher item = LIST_ITEM.matcher(field);
        return item.matches() ? Integer.parseInt(item.group(2)) : -1;
    }

    /** A problem about one item of a list of values: {@code path[index]}, nothing after. */
    private static final Pattern LIST_ITEM = Pattern.compile("([a-zA-Z.]+)\\[(\\d{1,6})\\]");

    private static JsonNode at(ObjectNode profile, String path) {
        JsonNode node = profile;
        for (String name : path.split("\\.")) node = node.path(name);
        return node;
    }

    private static boolean remove(ObjectNode profile, String path) {
        String[] names = path.split("\\.");
        JsonNode parent = profile;
        for (int i = 0; i < names.length - 1; i++) parent = parent.path(names[i]);
        return parent instanceof ObjectNode object && object.remove(names[names.length - 1]) != null;
    }

    /** The one person the Bundle is about: its Patient (several copies of one allowed, as an {@code _include} gives). */
    private static Person person(String source, Bundle bundle) throws InvalidProfileException {
        Person person = null;
        int others = 0;
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (!(entry.getResource() instanceof Patient patient)) continue;
            Person found = new Person(patient, entry.getFullUrl());
            if (person == null) person = found;
            else if (!person.sameAs(found)) others++;
        }
        if (person == null || others > 0) {
            throw refused(source, "the Bundle holds " + (person == null ? "no Patient" : (others + 1) + " different"
                    + " Patients") + "; expected exactly one, the person to plan for");
        }
        String modifier = modifierExtension(person.patient());
        if (modifier != null) {
            throw refused(source, "the Patient has a modifierExtension Backcare does not understand (" + modifier
                    + "); FHIR forbids ignoring one, so there is no person to plan for");
        }
        return person;
    }

    /** The Patient, where it sits in the Bundle, and which references point at it. */
    private record Person(Patient patient, String fullUrl, String id) {
        Person(Patient patient, String fullUrl) {
            this(patient, fullUrl, logicalId(patient.getIdElement().getValue(), fullUrl));
        }

        /**
         * Whether {@code other} is this Patient again: the same fullUrl, or the same id where at most one of them has
         * an absolute address (an {@code _include}d copy beside a prefetched Patient). Two different servers' Patients
         * with one id are two people.
         */
        boolean sameAs(Person other) {
            if (fullUrl != null && fullUrl.equals(other.fullUrl)) return true;
            boolean bothAddressed = isAddress(fullUrl) && isAddress(other.fullUrl);
            return id != null && id.equals(other.id) && !bothAddressed;
        }

        private static boolean isAddress(String url) {
            return url != null && (url.startsWith("http://") || url.startsWith("https://"));
        }

        /** Why {@code subject} may not be this Patient; null when it is. */
        String notAbout(Reference subject) {
            if (subject == null || subject.isEmpty()) return "no subject";
            if (subject.hasReference()) {
                String target = subject.getReference();
                if (target.equals(fullUrl) || refersHere(target)) return null;
                int query = target.indexOf("?identifier=");
                if (target.startsWith("Patient?identifier=") && query > 0 && identifies(target.substring(query
                        + "?identifier=".length()))) {
                    return null;
                }
                return "its subject is " + printable(target) + ", not the Bundle's Patient";
            }
            if (subject.hasIdentifier()) {
                Identifier given = subject.getIdentifier();
                if (given.hasSystem() && given.hasValue() && patient.getIdentifier().stream().anyMatch(mine ->
                        given.getSystem().equals(mine.getSystem()) && given.getValue().equals(mine.getValue()))) {
                    return null;
                }
                return "its subject is the identifier " + printable(given.getSystem() + "|" + given.getValue())
                        + ", which is not one of the Patient's";
            }
            return "its subject is only the text \"" + printable(subject.getDisplay()) + "\"";
        }

        /**
         * Whether a reference that is not the Patient's fullUrl still names it: {@code Patient/ID} (relative: the
         * server the record came from), or an address of this Patient's own server ({@code BASE/Patient/ID}, history
         * apart) when its fullUrl gives that base. A {@code urn:} reference must be the fullUrl itself, or the
         * {@code urn:uuid:} of a Patient whose id is that UUID and who has no other fullUrl.
         */
        private boolean refersHere(String target) {
            if (id == null) return false;
            if (target.startsWith("urn:")) {
                // a UUID names one resource the world over: urn:uuid:X is the Patient whose id is the UUID X, when the
                // Bundle gives that Patient no other fullUrl (a prefetched Patient beside Backcare's own Observations)
                return fullUrl == null && target.startsWith("urn:uuid:") && UUID.matcher(id).matches()
                        && target.substring("urn:uuid:".length()).equalsIgnoreCase(id);
            }
            IdType reference = new IdType(target);
            if (!"Patient".equals(reference.getResourceType()) || !id.equals(reference.getIdPart())) return false;
            if (!reference.hasBaseUrl()) return true;
            return isAddress(fullUrl) && reference.getBaseUrl().equals(new IdType(fullUrl).getBaseUrl());
        }

        private boolean identifies(String token) {
            int bar = token.indexOf('|');
            if (bar < 0) return false;
            String system;
            String value;
            try {
                system = java.net.URLDecoder.decode(token.substring(0, bar), StandardCharsets.UTF_8);
                value = java.net.URLDecoder.decode(token.substring(bar + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return false;   // a broken percent-encoding names nobody: listed as possibly another person's
            }
            return patient.getIdentifier().stream().anyMatch(mine -> system.equals(mine.getSystem())
                    && value.equals(mine.getValue()));
        }

        /**
         * The profile id: the Patient's Backcare identifier, else its logical id (from {@code Patient.id}, else the
         * {@code fullUrl}: a {@code urn:uuid:} or the last part of an address), when it keeps the profile's id rules
         * (1-64 of A-Z a-z 0-9 . _ -); else {@code patient-} and 32 hex digits of the SHA-256 of that identity.
         */
        String profileId() {
            String backcare = patient.getIdentifier().stream().filter(i -> PROFILE_ID_SYSTEM.equals(i.getSystem()))
                    .map(Identifier::getValue).filter(v -> v != null && PROFILE_ID.matcher(v).matches()).findFirst()
                    .orElse(null);
            if (backcare != null) return backcare;
            if (id != null && PROFILE_ID.matcher(id).matches()) return id;
            String identity = id != null ? id : fullUrl != null ? fullUrl : patient.getIdentifier().stream()
                    .map(i -> i.getSystem() + "|" + i.getValue()).sorted().findFirst().orElse("");
            return "patient-" + ProfileBundles.sha256(identity).substring(0, 32);
        }
    }

    /** A resource's logical id from its id or an address: {@code urn:uuid:X} gives X, {@code .../Patient/7/_history/2} 7. */
    static String logicalId(String id, String fullUrl) {
        String from = id != null && !id.isEmpty() ? id : fullUrl;
        if (from == null || from.isEmpty()) return null;
        if (from.startsWith("urn:uuid:") || from.startsWith("urn:oid:")) return from.substring(from.indexOf(':', 4) + 1);
        String part = new IdType(from).getIdPart();
        return part == null || part.isEmpty() ? null : part;
    }

    /** The url of the first modifier extension in {@code resource} or any element in it; null when it has none. */
    private static String modifierExtension(Base element) {
        List<Extension> modifiers = element instanceof DomainResource resource ? resource.getModifierExtension()
                : element instanceof BackboneElement backbone ? backbone.getModifierExtension()
                : element instanceof BackboneType backbone ? backbone.getModifierExtension() : List.of();
        if (!modifiers.isEmpty()) return printable(String.valueOf(modifiers.get(0).getUrl()));
        for (Property property : element.children()) {
            if (property.getName().equals("modifierExtension") || property.getName().equals("contained")) continue;
            for (Base child : property.getValues()) {
                if (child == null || child.isPrimitive()) continue;
                String found = modifierExtension(child);
                if (found != null) return found;
            }
        }
        return null;
    }

    /** A value with the time it was true (null when not known), and the resource it came from. */
    private record Dated(Instant when, JsonNode value, Resource resource) {
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
        sorted.sort(Comparator.comparing(Dated::when));
        Dated last = sorted.get(sorted.size() - 1);
        if (last.when().equals(sorted.get(sorted.size() - 2).when())
                && !last.value().equals(sorted.get(sorted.size() - 2).value())) {
            notMapped.add(field + ": " + values.size() + " values with the same latest time; none was used");
            return null;
        }
        notMapped.add(field + ": " + (values.size() - 1) + " earlier value" + (values.size() == 2 ? "" : "s")
                + " superseded by the latest (" + last.when() + ")");
        return last;
    }

    /**
     * The age from the birth date on the record's date, which is preferred to an age Observation (an old one would
     * make the person younger than they are); without a full birth date or a record date, an age Observation is used.
     */
    private static void age(Patient patient, LocalDate day, Map<String, List<Dated>> values, List<String> notMapped) {
        boolean observed = values.containsKey("age");
        if (patient.getBirthDateElement().getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
            if (!observed) {
                notMapped.add("Patient.birthDate: " + patient.getBirthDateElement().getValueAsString() + " is not a"
                        + " full date; give the day, or an Observation of LOINC " + AGE + " (age)");
            }
            return;
        }
        if (day == null) {
            if (!observed) {
                notMapped.add("Patient.birthDate: no date to count the age to; give the record's date (--as-of DATE),"
                        + " a Bundle.timestamp, or an Observation of LOINC " + AGE + " (age)");
            }
            return;
        }
        LocalDate born = LocalDate.parse(patient.getBirthDateElement().getValueAsString());
        if (born.isAfter(day)) {
            notMapped.add("Patient.birthDate: " + born + " is after " + day);
            return;
        }
        if (observed) {
            notMapped.add("age: " + values.get("age").size() + " age Observation" + (values.get("age").size() == 1
                    ? "" : "s") + " not used: the birth date gives the age on " + day);
        }
        values.put("age", List.of(new Dated(null, JsonNodeFactory.instance.numberNode(Period.between(born, day)
                .getYears()), patient)));
    }

    private static boolean isStartBack(QuestionnaireResponse answers) {
        String questionnaire = answers.getQuestionnaire();
        if (questionnaire == null) return false;
        int version = questionnaire.indexOf('|');
        String canonical = version < 0 ? questionnaire : questionnaire.substring(0, version);
        return canonical.equals(ProfileBundles.START_BACK_QUESTIONNAIRE)
                || canonical.endsWith("/" + ProfileBundles.START_BACK_PANEL);
    }

    private static Instant effective(Observation observation) {
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
            notMapped.add(where + ": status " + (observation.getStatus() == null ? "none"
                    : observation.getStatus().toCode()) + "; only final, amended and corrected Observations are used");
            return;
        }
        Instant when = effective(observation);
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
                    notMapped.add(where + ": " + FIELD_SYSTEM + " code \"" + printable(code) + "\" is not a"
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

    /** A problem-list entry that means a red flag, when it is confirmed (or unstated) and, for most flags, current. */
    private static void condition(String where, Condition condition, Set<String> flags, List<String> notMapped) {
        FlagCode code = condition.getCode().getCoding().stream()
                .map(c -> SNOMED.equals(c.getSystem()) ? RED_FLAG_CONDITIONS.get(c.getCode())
                        : ICD10CM.equals(c.getSystem()) ? RED_FLAG_ICD10CM.get(c.getCode()) : null)
                .filter(f -> f != null).findFirst().orElse(null);
        String codes = condition.getCode().getCoding().stream().map(c -> c.getSystem() + "|" + c.getCode()).toList()
                .toString();
        if (code == null) {
            notMapped.add(where + ": code " + codes + " is not a red flag Backcare maps");
            return;
        }
        String flag = code.flag();
        String verification = condition.getVerificationStatus().getCoding().stream().map(Coding::getCode)
                .filter(c -> c != null).findFirst().orElse("confirmed");
        if (!verification.equals("confirmed")) {
            notMapped.add(where + ": " + flag + " recorded with verification status " + printable(verification)
                    + "; only confirmed (or unstated) conditions are used");
            return;
        }
        String clinical = condition.getClinicalStatus().getCoding().stream().map(Coding::getCode)
                .filter(c -> c != null).findFirst().orElse("active");
        if (!code.lifelong() && !List.of("active", "recurrence", "relapse").contains(clinical)) {
            notMapped.add(where + ": " + flag + " recorded with clinical status " + printable(clinical)
                    + "; only a current one is a red flag now");
            return;
        }
        flags.add(flag);
    }

    /**
     * Red flags from the problem list: added to what the person reported when they were screened; else kept as
     * {@code recordedRedFlags}, so the rules act on them and the plan still says red flags were not screened. They go
     * into the pain section even when it has no score: then the profile reader refuses the section, and
     * {@link #readLeavingOut} refuses the record rather than plan without them.
     */
    private static void recordedRedFlags(ObjectNode profile, Set<String> flags) {
        if (flags.isEmpty()) return;
        ObjectNode pain = profile.get("pain") instanceof ObjectNode section ? section : profile.putObject("pain");
        ArrayNode list = pain.get("redFlags") instanceof ArrayNode asked ? asked : pain.putArray("recordedRedFlags");
        Set<String> present = new HashSet<>();
        list.forEach(flag -> present.add(flag.asText()));
        for (String flag : flags) if (present.add(flag)) list.add(flag);
    }

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

    /** An int when {@code number} is one exactly; null otherwise (a huge exponent is refused before any arithmetic). */
    private static Integer exactInt(BigDecimal number) {
        if (number.precision() - number.scale() > 12 || number.scale() > 12) return null;
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
            if (quantity.getValue().precision() - quantity.getValue().scale() > 12 || quantity.getValue().scale() > 12) {
                return null;   // no measurement has more than 12 digits either side of the point
            }
            double number = quantity.getValue().doubleValue();
            return Double.isFinite(number) && quantity.getValue().stripTrailingZeros().scale() > 0
                    ? f.numberNode(number) : null;
        }
        if (value instanceof CodeableConcept concept) {
            // a coded value whose codings all agree on one code, as a Backcare field's value
            List<String> codes = concept.getCoding().stream().map(Coding::getCode).filter(c -> c != null).distinct().toList();
            return codes.size() == 1 ? f.textNode(codes.get(0)) : null;
        }
        if (value instanceof StringType text && text.getValue() != null) {
            if (ProfileBundles.JSON_FIELDS.contains(path)) return jsonList(text.getValue());
            if (!ProfileBundles.LIST_FIELDS.contains(path)) return f.textNode(text.getValue());
            ArrayNode choices = f.arrayNode();
            if (!ProfileBundles.NONE.equals(text.getValue())) {
                for (String choice : text.getValue().split(ProfileBundles.LIST_SEPARATOR.strip())) choices.add(choice.strip());
            }
            return choices;
        }
        return null;
    }

    /** A list of objects from its JSON text, or null when the text is not one (the profile reader checks the rest). */
    private static JsonNode jsonList(String text) {
        if (ProfileBundles.NONE.equals(text)) return JsonNodeFactory.instance.arrayNode();
        if (text.length() > ProfileReader.MAX_BYTES) return null;
        try {
            JsonNode list = JSON_TEXT.readTree(text);
            return list != null && list.isArray() ? list : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static void put(ObjectNode profile, String path, JsonNode value, List<String> notMapped) {
        String[] names = path.split("\\.");
        ObjectNode parent = profile;
        for (int i = 0; i < names.length - 1; i++) {
            JsonNode child = parent.get(names[i]);
            if (child != null && !(child instanceof ObjectNode)) {
                notMapped.add(path + ": " + names[i] + " already holds a value, not a section; not used");
                return;
            }
            parent = child instanceof ObjectNode object ? object : parent.putObject(names[i]);
        }
        String last = names[names.length - 1];
        if (parent.get(last) instanceof ObjectNode) {
            // a section already holding fields: an empty section's "assessed" adds nothing, a value cannot replace it
            if (!value.isObject()) notMapped.add(path + ": a section, not a value; not used");
            return;
        }
        parent.set(last, value);
    }

    /**
     * The nine STarT Back answers, by linkId 1-9 or the item's LOINC code (LHC-Forms writes {@code /91349-1/CODE}),
     * items in groups included; all nine usable, or none is used (PROFILE.md: all nine are required).
     */
    private static boolean startBack(QuestionnaireResponse answers, ObjectNode profile, List<String> notMapped) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Set<String> twice = new HashSet<>();
        List<String> problems = new ArrayList<>();
        startBackItems(answers.getItem(), found, twice, problems);
        for (String name : twice) {
            found.remove(name);
            problems.add(name + " answered twice");
        }
        for (String name : START_BACK_ITEMS) {
            if (!found.containsKey(name) && !twice.contains(name)
                    && problems.stream().noneMatch(p -> p.startsWith(name + ":"))) {
                problems.add(name + " not answered");
            }
        }
        if (!problems.isEmpty()) {
            notMapped.add("the STarT Back answers: " + String.join("; ", problems) + "; all nine are needed, so none"
                    + " was used and the risk group is not assessed");
            return false;
        }
        JsonNode pain = profile.get("pain");
        ObjectNode startBack = (pain instanceof ObjectNode p ? p : profile.putObject("pain")).putObject("startBack");
        found.forEach(startBack::set);
        return true;
    }

    private static void startBackItems(List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items,
            Map<String, JsonNode> found, Set<String> twice, List<String> problems) {
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : items) {
            int number = itemNumber(item.getLinkId());
            String last = item.getLinkId() == null ? "" : item.getLinkId().substring(item.getLinkId().lastIndexOf('/') + 1);
            if (START_BACK_SCORE_CODES.contains(last)) continue;   // the form's own scores: Backcare scores the answers
            if (number == 0) {
                startBackItems(item.getItem(), found, twice, problems);
                for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
                    startBackItems(answer.getItem(), found, twice, problems);
                }
                if (item.getItem().isEmpty() && item.hasAnswer()) {
                    problems.add("linkId \"" + printable(String.valueOf(item.getLinkId())) + "\" is not an item of"
                            + " the tool");
                }
                continue;
            }
            String name = START_BACK_ITEMS.get(number - 1);
            if (item.getAnswer().size() != 1) {
                problems.add(name + ": " + item.getAnswer().size() + " answers; expected one");
                continue;
            }
            Type value = item.getAnswerFirstRep().getValue();
            JsonNode answer = number == 9 ? bothersomeness(value) : yesNo(value);
            if (answer == null) {
                problems.add(name + ": an answer of " + describe(value) + "; expected " + (number == 9
                        ? "one of " + String.join(", ", BOTHERSOMENESS) + " (as a code, its LOINC answer or its text)"
                        : "yes or no (a boolean, or LOINC LA33-6 / LA32-8)"));
            } else if (found.putIfAbsent(name, answer) != null) {
                twice.add(name);
            }
        }
    }

    /** 1-9 for a linkId that is the item's number or ends in the item's LOINC code; 0 otherwise. */
    private static int itemNumber(String linkId) {
        if (linkId == null) return 0;
        if (linkId.matches("[1-9]")) return Integer.parseInt(linkId);
        String last = linkId.substring(linkId.lastIndexOf('/') + 1);
        int index = START_BACK_ITEM_CODES.indexOf(last);
        return index + 1;
    }

    private static JsonNode yesNo(Type value) {
        if (value instanceof BooleanType bool && bool.hasValue()) return JsonNodeFactory.instance.booleanNode(bool.booleanValue());
        if (value instanceof Coding coding && LOINC.equals(coding.getSystem()) && YES_NO.containsKey(coding.getCode())) {
            return JsonNodeFactory.instance.booleanNode(YES_NO.get(coding.getCode()));
        }
        return null;
    }

    /** Item 9: a LOINC answer, or one of the five answers as a code or text ("very-much", "Very much"); else null. */
    private static JsonNode bothersomeness(Type value) {
        String answer = null;
        if (value instanceof Coding coding) {
            answer = spelled(coding.getCode());
            if (answer == null) answer = spelled(coding.getDisplay());
        } else if (value instanceof StringType text) {
            answer = spelled(text.getValue());
        }
        return answer == null ? null : JsonNodeFactory.instance.textNode(answer);
    }

    private static String spelled(String text) {
        if (text == null) return null;
        String name = text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", "-");
        return BOTHERSOMENESS.contains(name) ? name : null;
    }

    private static String describe(Type value) {
        if (value == null) return "nothing";
        if (value instanceof Coding coding) return "the code " + printable(coding.getSystem() + "|" + coding.getCode());
        if (value.isPrimitive()) return value.fhirType() + " " + printable(value.primitiveValue());
        return "type " + value.fhirType();
    }

    private static String printable(String text) {
        String line = Problem.printable(String.valueOf(text)).replaceAll("\\s+", " ");
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }
}
