package org.backcare.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.backcare.Fixtures;
import org.backcare.cli.Commands;
import org.backcare.plan.Plan;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_40_50;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.CarePlan;
import org.hl7.fhir.r5.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * The R5 output: HL7's converter alone loses every CarePlan activity (R5 has no activity.detail); Backcare's keeps each
 * as a ServiceRequest the CarePlan references, and the result passes HAPI's R5 validator with no error.
 */
class FhirR5Test {
    // its own context, not the cached one: the validator loads R5's definitions into it, which then go with the test
    private final FhirContext r5Context = FhirContext.forR5();

    @Test
    void everyActivitySurvivesAsAServiceRequestAndTheR5BundleValidates() throws Exception {
        Profile maria = new ProfileReader().read(Path.of("profiles/maria-desk-worker.yaml"));
        Plan plan = Fixtures.planner().plan(maria);
        for (boolean transaction : List.of(false, true)) {
            org.hl7.fhir.r4.model.Bundle r4 = new CarePlanBundles().toBundle(maria, plan, null, null,
                    new CarePlanBundles.Writing(OffsetDateTime.parse("2026-06-01T00:00:00Z"), transaction, null));
            int activities = r4.getEntry().stream().map(e -> e.getResource())
                    .filter(r -> r instanceof org.hl7.fhir.r4.model.CarePlan)
                    .mapToInt(r -> ((org.hl7.fhir.r4.model.CarePlan) r).getActivity().size()).sum();
            Bundle converted = (Bundle) VersionConvertorFactory_40_50.convertResource(r4.copy());
            assertThat(carePlan(converted).getActivity()).as("HL7's converter alone keeps no activity's content")
                    .allSatisfy(a -> assertThat(a.hasPlannedActivityReference() || a.hasPerformedActivity()
                            || a.hasExtension() || a.hasProgress()).isFalse());

            Bundle r5 = (Bundle) new R5Bundles().toR5(r4);

            CarePlan care = carePlan(r5);
            assertThat(care.getActivity()).hasSize(activities).allSatisfy(a -> assertThat(a.getPlannedActivityReference()
                    .getReference()).startsWith("urn:uuid:"));
            List<ServiceRequest> requests = r5.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(ServiceRequest.class::isInstance).map(ServiceRequest.class::cast).toList();
            assertThat(requests).hasSize(activities);
            ServiceRequest monday = requests.get(0);
            assertThat(monday.getOccurrenceTiming().getRepeat().getDayOfWeek().get(0).getValueAsString()).isEqualTo("mon");
            assertThat(monday.getCode().getConcept().getText())
                    .isEqualTo(plan.weeklyPlan().days().get(0).activities().get(0).activity());
            assertThat(requests).filteredOn(r -> r.getCategoryFirstRep().getText().equals(R5Bundles.ADVICE))
                    .extracting(r -> r.getCode().getConcept().getText())
                    .contains(plan.recommendations().get(0).title());
            assertThat(errors(r5)).as(transaction ? "transaction" : "collection").isEmpty();
        }
        Commands.Result command = Commands.run("fhir", "profiles/maria-desk-worker.yaml", "--fhir-version", "r5");
        assertThat(command.code()).isZero();
        assertThat(carePlan(r5Context.newJsonParser().parseResource(Bundle.class, command.out())).getActivity())
                .isNotEmpty();
    }

    private static CarePlan carePlan(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(CarePlan.class::isInstance).map(CarePlan.class::cast).findFirst().orElseThrow();
    }

    private FhirValidator validator;

    @SuppressWarnings("deprecation") // as in Validation: UnknownCodeSystemWarningValidationSupport has no replacement
    private List<String> errors(Bundle bundle) {
        if (validator == null) {
            validator = r5Context.newValidator().registerValidatorModule(new FhirInstanceValidator(
                    new ValidationSupportChain(new DefaultProfileValidationSupport(r5Context),
                            new InMemoryTerminologyServerValidationSupport(r5Context),
                            new CommonCodeSystemsTerminologyService(r5Context),
                            new UnknownCodeSystemWarningValidationSupport(r5Context))));
        }
        return validator.validateWithResult(r5Context.newJsonParser().encodeResourceToString(bundle)).getMessages()
                .stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(SingleValidationMessage::toString).toList();
    }
}
