package org.backcare.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.backcare.Fixtures;
import org.backcare.plan.Plan;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.ProfileWriter;
import org.backcare.profile.WireName;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Records as others write them (src/test/resources/fhir/records: Synthea, US Core, IPS, LHC-Forms and EHR edge cases),
 * each read as its manifest says it must be: planned with the fields it maps, with what could not be used listed, or
 * refused for the reason given; and the plan of each, as a collection and as a transaction, valid FHIR.
 */
class FhirRecordsTest {
    private static final Path RECORDS = Path.of("src/test/resources/fhir/records");
    private static final ProfileBundles PROFILES = new ProfileBundles(Validation.FHIR);
    private static final CarePlanBundles CARE_PLANS = new CarePlanBundles();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.hl7.fhir.r4.model.PlanDefinition RULES =
            CARE_PLANS.planDefinition(Fixtures.planner().rules());

    @TestFactory
    Stream<DynamicTest> everyRecordIsReadAsItsManifestSays() throws Exception {
        JsonNode manifest = new YAMLMapper().readTree(RECORDS.resolve("records.yaml").toFile());
        assertThat(manifest.size()).as("the corpus").isGreaterThanOrEqualTo(25);
        try (Stream<Path> files = Files.list(RECORDS)) {
            List<String> listed = new ArrayList<>();
            manifest.forEach(record -> listed.add(record.get("file").asText()));
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .as("every Bundle in the corpus has its expectations").containsExactlyInAnyOrderElementsOf(listed);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode record : manifest) {
            tests.add(DynamicTest.dynamicTest(record.get("file").asText() + ": " + record.get("what").asText(),
                    () -> check(record)));
        }
        return tests.stream();
    }

    private static void check(JsonNode record) throws Exception {
        Bundle bundle = Validation.FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler())
                .parseResource(Bundle.class, Files.readString(RECORDS.resolve(record.get("file").asText())));
        LocalDate asOf = record.hasNonNull("asOf") ? LocalDate.parse(record.get("asOf").asText()) : null;
        ProfileBundles.Reading reading = new ProfileBundles.Reading(asOf, record.path("complete").asBoolean(false));
        if (record.get("expect").asText().equals("refused")) {
            InvalidProfileException refused = catchThrowableOfType(InvalidProfileException.class,
                    () -> PROFILES.fromBundle("record", bundle, reading));
            assertThat(refused).as("refused").isNotNull();
            assertThat(refused.problems().toString().toLowerCase(Locale.ROOT))
                    .contains(record.get("refused").asText().toLowerCase(Locale.ROOT));
            return;
        }
        ProfileBundles.Mapped mapped = PROFILES.fromBundle("record", bundle, reading);
        JsonNode profile = JSON.readTree(new ProfileWriter().toJsonLine(mapped.profile()));
        record.path("profile").properties().forEach(field -> {
            JsonNode actual = at(profile, field.getKey());
            if (field.getValue().asText().equals("absent")) {
                assertThat(actual).as(field.getKey()).isNull();
            } else {
                assertThat(actual).as(field.getKey()).isNotNull();
                assertThat(actual.toString()).as(field.getKey()).isEqualTo(field.getValue().isTextual()
                        ? "\"" + field.getValue().asText() + "\"" : field.getValue().toString());
            }
        });
        String notMapped = String.join("\n", mapped.notMapped()).toLowerCase(Locale.ROOT);
        for (JsonNode line : record.path("notMapped")) {
            assertThat(notMapped).as("listed as not mapped").contains(line.asText().toLowerCase(Locale.ROOT));
        }
        Plan plan = Fixtures.planner().plan(mapped.profile());
        if (record.has("riskGroup")) {
            assertThat(plan.riskGroup() == null ? "absent" : WireName.of(plan.riskGroup())).as("risk group")
                    .isEqualTo(record.get("riskGroup").asText());
        }
        if (record.has("redFlagsScreened")) {
            assertThat(plan.triage().redFlagsScreened()).as("red flags screened")
                    .isEqualTo(record.get("redFlagsScreened").asBoolean());
        }
        List<String> recorded = new ArrayList<>();
        record.path("recordedRedFlags").forEach(flag -> recorded.add(flag.asText()));
        if (mapped.profile().pain() != null && !mapped.profile().pain().redFlagsScreened()) {
            assertThat(mapped.profile().pain().redFlags()).extracting(WireName::of)
                    .as("red flags from the record, and only those").containsExactlyInAnyOrderElementsOf(recorded);
        }
        for (String flag : recorded) {
            assertThat(mapped.profile().pain().redFlags()).extracting(WireName::of).as("red flags from the record")
                    .contains(flag);
            assertThat(plan.triage().findings()).as("a finding for " + flag)
                    .anyMatch(f -> f.flagNames().contains(flag));
        }
        OffsetDateTime made = OffsetDateTime.of(2026, 6, 1, 9, 0, 0, 0, ZoneOffset.UTC);
        for (boolean transaction : List.of(false, true)) {
            Bundle written = CARE_PLANS.toBundle(mapped.profile(), plan, mapped.patient(), mapped.patientFullUrl(),
                    new CarePlanBundles.Writing(made, transaction, transaction ? RULES : null)
                            .observedAt(mapped.observed()));
            if (transaction) assertThat(Validation.transactionProblems(written)).as("transaction rules").isEmpty();
            assertThat(Validation.errors(written)).as(transaction ? "transaction" : "collection").isEmpty();
        }
    }

    private static JsonNode at(JsonNode tree, String path) {
        JsonNode node = tree;
        for (String name : path.split("\\.")) {
            node = node.get(name);
            if (node == null) return null;
        }
        return node;
    }
}
